// Package pii protects personal information (ID numbers, phone numbers,
// addresses) at rest and in display.
//
// It provides:
//   - field-bound authenticated encryption (Seal/Open) with two crypto
//     profiles: "gm" (SM4-GCM, HMAC-SM3) and "intl" (AES-256-GCM,
//     HMAC-SHA-256);
//   - deterministic blind indexes for equality lookups on encrypted columns;
//   - normalization and validation of resident ID numbers (GB 11643-1999)
//     and mainland mobile phone numbers;
//   - masking for display.
//
// Error messages never contain the personal data being processed.
package pii
