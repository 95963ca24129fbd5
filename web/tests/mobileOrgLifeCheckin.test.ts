import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MobileCheckin from '../src/mobile/MobileCheckin.vue';
import { consents, json, meeting, mountAt, problem, setGeolocation, settle, stubApi, type Answer, type Call } from './mobileOrgLifeHarness';

const ok = { status: 'present', method: 'qr', distance_m: null, geo: '', needs_confirmation: false, message: '签到成功' };
const pending = { status: 'present', method: 'qr', distance_m: null, geo: 'refused', needs_confirmation: true, message: '已签到，待书记现场确认' };

let answers: Record<string, Answer>;
let calls: Call[];

beforeEach(() => {
  answers = {
    'GET /api/v1/my/meetings/m1': () => json(meeting()),
    'GET /api/v1/my/consents': () => json(consents(false, false)),
    'POST /api/v1/my/meetings/m1/checkin': () => json(ok),
  };
  calls = stubApi(answers);
});

afterEach(() => {
  vi.unstubAllGlobals();
  setGeolocation(undefined);
  document.body.innerHTML = '';
});

const checkins = () => calls.filter((c) => c.method === 'POST' && c.url === '/api/v1/my/meetings/m1/checkin');
const open = (t = 'tok123') => mountAt(`/m/checkin/m1?t=${t}`, { '/m/checkin/:id': MobileCheckin });

/** A browser whose position is Tiananmen, or that refuses. */
function geolocation(refuse = false) {
  const getCurrentPosition = vi.fn((ok: PositionCallback, fail?: PositionErrorCallback | null, _options?: PositionOptions) => {
    if (refuse) fail?.({ code: 1, message: 'User denied Geolocation' } as GeolocationPositionError);
    else ok({ coords: { latitude: 39.9087, longitude: 116.3975 } } as GeolocationPosition);
  });
  setGeolocation({ getCurrentPosition });
  return getCurrentPosition;
}

describe('MobileCheckin (扫码签到)', () => {
  it('posts the token from the URL at once and shows 签到成功', async () => {
    const { w } = await open('tok123');
    expect(checkins()).toHaveLength(1);
    expect(checkins()[0].body).toEqual({ token: 'tok123' });
    expect(w.get('[data-testid=m-checkin-headline]').text()).toBe('签到成功');
    expect(w.get('[data-testid=m-checkin-meeting]').text()).toContain('学习党章');
    w.unmount();
  });

  it('sends location_refused without reading the location when the member has not consented', async () => {
    answers['GET /api/v1/my/meetings/m1'] = () => json(meeting({ geofence: true }));
    answers['POST /api/v1/my/meetings/m1/checkin'] = () => json(pending);
    const geo = geolocation();
    const { w } = await open();
    expect(geo).not.toHaveBeenCalled();
    expect(checkins()[0].body).toEqual({ token: 'tok123', location_refused: true });
    expect(w.get('[data-testid=m-checkin-headline]').text()).toBe('待书记确认');
    expect(w.get('[data-testid=m-checkin-refused-note]').text()).toContain('书记会在会场确认');
    w.unmount();
  });

  it('reads the location once and sends lat/lng when consented', async () => {
    answers['GET /api/v1/my/meetings/m1'] = () => json(meeting({ geofence: true }));
    answers['GET /api/v1/my/consents'] = () => json(consents(false, true));
    answers['POST /api/v1/my/meetings/m1/checkin'] = () => json({ ...ok, geo: 'in', distance_m: 42.4 });
    const geo = geolocation();
    const { w } = await open();
    expect(geo).toHaveBeenCalledTimes(1);
    expect(geo.mock.calls[0][2]).toMatchObject({ timeout: 10_000, maximumAge: 0 });
    expect(checkins()[0].body).toEqual({ token: 'tok123', lat: 39.9087, lng: 116.3975 });
    expect(w.get('[data-testid=m-checkin-headline]').text()).toBe('签到成功');
    expect(w.text()).toContain('距会场约 42 米');
    w.unmount();
  });

  it('sends location_refused when the browser refuses, and never reads it without a geofence', async () => {
    answers['GET /api/v1/my/meetings/m1'] = () => json(meeting({ geofence: true }));
    answers['GET /api/v1/my/consents'] = () => json(consents(false, true));
    answers['POST /api/v1/my/meetings/m1/checkin'] = () => json(pending);
    let geo = geolocation(true);
    let m = await open();
    expect(geo).toHaveBeenCalledTimes(1);
    expect(checkins()[0].body).toEqual({ token: 'tok123', location_refused: true });
    expect(m.w.get('[data-testid=m-checkin-headline]').text()).toBe('待书记确认');
    m.w.unmount();

    answers['GET /api/v1/my/meetings/m1'] = () => json(meeting({ geofence: false }));
    geo = geolocation();
    m = await open('tok456');
    expect(geo).not.toHaveBeenCalled();
    expect(checkins()[1].body).toEqual({ token: 'tok456' });
    m.w.unmount();
  });

  it('says the QR code expired in plain words, and shows the server message for other refusals', async () => {
    answers['POST /api/v1/my/meetings/m1/checkin'] = () => problem(422, 'token_expired', 'token expired');
    let m = await open();
    expect(m.w.get('[data-testid=m-checkin-message]').text()).toBe('二维码已过期，请重新扫描会场的二维码');
    expect(m.w.find('[data-testid=m-checkin-result]').exists()).toBe(false);
    m.w.unmount();

    answers['POST /api/v1/my/meetings/m1/checkin'] = () => problem(422, 'outside_fence', '距会场 820 米，超出 300 米范围');
    m = await open();
    expect(m.w.get('[data-testid=m-checkin-message]').text()).toBe('距会场 820 米，超出 300 米范围');
    m.w.unmount();
  });

  it('shows the same success when a check-in is replayed (page opened again)', async () => {
    for (let i = 0; i < 2; i++) {
      const { w } = await open();
      expect(w.get('[data-testid=m-checkin-headline]').text()).toBe('签到成功');
      w.unmount();
    }
    expect(checkins().map((c) => c.body)).toEqual([{ token: 'tok123' }, { token: 'tok123' }]);
  });

  it('does not post without a token', async () => {
    const { w } = await mountAt('/m/checkin/m1', { '/m/checkin/:id': MobileCheckin });
    expect(w.find('[data-testid=m-checkin-no-token]').exists()).toBe(true);
    expect(checkins()).toHaveLength(0);
    w.unmount();
  });

  it('offers a photo only when the meeting asks for one and the member consented', async () => {
    answers['GET /api/v1/my/meetings/m1'] = () => json(meeting({ photo: true }));
    let m = await open();
    // No consent: straight to the check-in, no photo step.
    expect(m.w.find('[data-testid=m-checkin-photo-step]').exists()).toBe(false);
    expect(checkins()).toHaveLength(1);
    m.w.unmount();

    answers['GET /api/v1/my/consents'] = () => json(consents(true, false));
    answers['POST /api/v1/my/checkin-photos'] = () => json({ id: 'f9' });
    m = await open('tok2');
    expect(checkins()).toHaveLength(1);
    const input = m.w.get('[data-testid=m-checkin-photo-input]');
    expect(input.attributes('capture')).toBe('user');
    const file = new File(['x'], 'me.jpg', { type: 'image/jpeg' });
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
    await input.trigger('change');
    await settle();
    const upload = calls.find((c) => c.url === '/api/v1/my/checkin-photos');
    expect(upload?.method).toBe('POST');
    expect((upload?.body as FormData).get('file')).toBeInstanceOf(File);
    expect(checkins()[1].body).toEqual({ token: 'tok2', photo_file_id: 'f9' });
    expect(m.w.get('[data-testid=m-checkin-headline]').text()).toBe('签到成功');
    m.w.unmount();
  });
});
