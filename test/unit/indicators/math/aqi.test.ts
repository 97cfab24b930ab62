import { dailyAqi, hourlyAqi, needsSo2MovingMean } from '../../../../src/indicators/math/aqi';
import { HJ_633_2012, HJ_633_2026 } from '../../../../src/indicators/math/editions';

const ALL_BUT_CO = ['PM2_5', 'PM10', 'SO2', 'NO2', 'O3'] as const;

describe('hourly AQI', () => {
  // IAQIs (2012): PM2.5 75 → 100, PM10 150 → 100, SO2 1h 10 → 50/150·10 = 3.3 → 4, NO2 1h 50 → 25,
  // O3 1h 60 → 50/160·60 = 18.75 → 19, CO 1h 0.5 → 5.
  const tied = { pm25: 75, pm10: 150, so2: 10, no2: 50, o3: 60, co: 0.5 };

  it('lists every pollutant tied at the AQI as primary', () => {
    expect(hourlyAqi(tied, { edition: HJ_633_2012 })).toEqual({
      edition: 'HJ_633_2012',
      aqi: 100,
      level: 'GOOD',
      primaryPollutants: ['PM2_5', 'PM10'],
      iaqi: { pm25: 100, pm10: 100, so2: 4, no2: 25, o3: 19, co: 5 },
      complete: true,
    });
  });

  it('the same hour under 2026: PM2.5 114, PM10 112', () => {
    expect(hourlyAqi(tied, { edition: HJ_633_2026 })).toMatchObject({
      edition: 'HJ_633_2026',
      aqi: 114,
      level: 'LIGHTLY_POLLUTED',
      primaryPollutants: ['PM2_5'],
      iaqi: { pm25: 114, pm10: 112, so2: 4, no2: 25, o3: 19, co: 5 },
    });
  });

  it('has no primary pollutant at AQI ≤ 50, even with every IAQI at 50', () => {
    const allAt50 = { pm25: 35, pm10: 50, so2: 150, no2: 100, o3: 160, co: 5 };
    expect(hourlyAqi(allAt50, { edition: HJ_633_2012 })).toMatchObject({
      aqi: 50,
      level: 'EXCELLENT',
      primaryPollutants: [],
      iaqi: { pm25: 50, pm10: 50, so2: 50, no2: 50, o3: 50, co: 50 },
    });
  });

  it('lists primary pollutants from AQI 51', () => {
    // PM2.5 36 → 51.25 → 52; NO2 1h 104 → 50 + 0.5·4 = 52.
    const hour = { pm25: 36, pm10: 20, so2: 5, no2: 104, o3: 30, co: 0.4 };
    expect(hourlyAqi(hour, { edition: HJ_633_2012 })).toMatchObject({
      aqi: 52,
      level: 'GOOD',
      primaryPollutants: ['PM2_5', 'NO2'],
    });
  });

  it('uses the 1-hour columns for SO2, NO2, O3, CO and the 24-hour columns for particulates', () => {
    const hour = { pm25: 0, pm10: 0, so2: 0, no2: 0, o3: 200, co: 0 };
    expect(hourlyAqi(hour, { edition: HJ_633_2012 }).iaqi.o3).toBe(100); // O3 1h 200 = 100 (8h column would give 135)
    expect(hourlyAqi({ ...hour, o3: 0, co: 10 }, { edition: HJ_633_2012 }).iaqi.co).toBe(100); // CO 1h 10
    expect(hourlyAqi({ ...hour, o3: 0, no2: 200 }, { edition: HJ_633_2012 }).iaqi.no2).toBe(100); // NO2 1h 200
  });

  describe('missing pollutants', () => {
    it('withholds an AQI ≤ 100 but still returns the IAQIs present', () => {
      expect(hourlyAqi({ ...tied, co: null }, { edition: HJ_633_2012 })).toEqual({
        edition: 'HJ_633_2012',
        aqi: null,
        level: null,
        primaryPollutants: [],
        iaqi: { pm25: 100, pm10: 100, so2: 4, no2: 25, o3: 19, co: null },
        complete: false,
      });
    });

    it('treats an absent field as missing', () => {
      const { co: _co, ...withoutCo } = tied;
      expect(hourlyAqi(withoutCo, { edition: HJ_633_2012 }).aqi).toBeNull();
    });

    it('publishes an AQI > 100: the missing ones could only raise it', () => {
      // PM2.5 115 → 150.
      expect(hourlyAqi({ ...tied, pm25: 115, co: null }, { edition: HJ_633_2012 })).toMatchObject({
        aqi: 150,
        level: 'LIGHTLY_POLLUTED',
        primaryPollutants: ['PM2_5'],
        complete: false,
      });
    });

    it('gives no AQI with no values at all', () => {
      expect(hourlyAqi({}, { edition: HJ_633_2026 })).toMatchObject({ aqi: null, level: null, complete: false });
    });
  });

  describe('pollutants a station does not monitor (HJ 633—2026 §5.3.2)', () => {
    // PM2.5 30 → 50/35·30 = 42.9 → 43.
    const hour = { pm25: 30, pm10: 20, so2: 5, no2: 20, o3: 40 };

    it('are not missing under 2026', () => {
      expect(hourlyAqi(hour, { edition: HJ_633_2026, monitoredPollutants: ALL_BUT_CO })).toMatchObject({
        aqi: 43,
        level: 'EXCELLENT',
        complete: true,
      });
    });

    it('are missing under 2012', () => {
      expect(hourlyAqi(hour, { edition: HJ_633_2012, monitoredPollutants: ALL_BUT_CO })).toMatchObject({
        aqi: null,
        complete: false,
      });
    });

    it('a monitored pollutant without a value is still missing under 2026', () => {
      expect(hourlyAqi(hour, { edition: HJ_633_2026 })).toMatchObject({ aqi: null, complete: false });
    });
  });

  describe('SO2 1-hour value above 800', () => {
    const hour = { pm25: 20, pm10: 30, so2: 900, no2: 20, o3: 40, co: 0.5 };

    it('2012: uses the IAQI of the SO2 24-hour moving mean', () => {
      // SO2 24h 200 → 100 + 50/325·50 = 107.7 → 108.
      expect(hourlyAqi(hour, { edition: HJ_633_2012, so2MovingMean24h: 200 })).toMatchObject({
        aqi: 108,
        level: 'LIGHTLY_POLLUTED',
        primaryPollutants: ['SO2'],
        iaqi: { so2: 108 },
        complete: true,
      });
    });

    it('2012 without a moving mean: no SO2 IAQI, so SO2 is missing', () => {
      expect(hourlyAqi(hour, { edition: HJ_633_2012 })).toMatchObject({
        aqi: null,
        iaqi: { so2: null },
        complete: false,
      });
      expect(hourlyAqi(hour, { edition: HJ_633_2012, so2MovingMean24h: null }).aqi).toBeNull();
      // PM2.5 150 → 200: published although SO2 has no IAQI.
      expect(hourlyAqi({ ...hour, pm25: 150 }, { edition: HJ_633_2012 })).toMatchObject({
        aqi: 200,
        primaryPollutants: ['PM2_5'],
        iaqi: { so2: null },
      });
    });

    it('2026: IAQI 200, whatever the moving mean', () => {
      expect(hourlyAqi(hour, { edition: HJ_633_2026, so2MovingMean24h: 20 })).toMatchObject({
        aqi: 200,
        level: 'MODERATELY_POLLUTED',
        primaryPollutants: ['SO2'],
        iaqi: { so2: 200 },
      });
    });

    it('exactly 800 is still on the column in both editions', () => {
      expect(hourlyAqi({ ...hour, so2: 800 }, { edition: HJ_633_2012 }).iaqi.so2).toBe(200);
      expect(hourlyAqi({ ...hour, so2: 800 }, { edition: HJ_633_2026 }).iaqi.so2).toBe(200);
    });
  });
});

describe('daily AQI', () => {
  // 2012 IAQIs: PM2.5 50 → 50 + 1.25·15 = 68.75 → 69; PM10 80 → 65; SO2 20 → 20; NO2 30 → 37.5 → 38; CO 1 → 25;
  // MDA8 180 → 100 + 50/55·20 = 118.2 → 119; O3 max 1h 250 → 100 + 0.5·50 = 125.
  const day = { pm25: 50, pm10: 80, so2: 20, no2: 30, co: 1, o3Max8h: 180, o3Max1h: 250 };

  it('2012: O3 counts once, with the larger of its 1-hour and 8-hour IAQIs', () => {
    expect(dailyAqi(day, { edition: HJ_633_2012 })).toEqual({
      edition: 'HJ_633_2012',
      aqi: 125,
      level: 'LIGHTLY_POLLUTED',
      primaryPollutants: ['O3'],
      iaqi: { pm25: 69, pm10: 65, so2: 20, no2: 38, o3: 125, co: 25 },
      complete: true,
    });
  });

  // 2026: PM2.5 50 → 50 + 2·15 = 80; PM10 80 → 50 + 50/70·30 = 71.4 → 72.
  it('2026: the O3 max 1-hour value does not count', () => {
    expect(dailyAqi(day, { edition: HJ_633_2026 })).toEqual({
      edition: 'HJ_633_2026',
      aqi: 119,
      level: 'LIGHTLY_POLLUTED',
      primaryPollutants: ['O3'],
      iaqi: { pm25: 80, pm10: 72, so2: 20, no2: 38, o3: 119, co: 25 },
      complete: true,
    });
  });

  it('2012: O3 is listed once when both its indicators tie with PM2.5', () => {
    const tie = { ...day, pm25: 75, o3Max8h: 160, o3Max1h: 200 };
    expect(dailyAqi(tie, { edition: HJ_633_2012 })).toMatchObject({ aqi: 100, primaryPollutants: ['PM2_5', 'O3'] });
  });

  it('2012 without the O3 max 1-hour value is incomplete; 2026 does not need it', () => {
    const low = { pm25: 20, pm10: 30, so2: 5, no2: 20, co: 0.5, o3Max8h: 80, o3Max1h: null };
    expect(dailyAqi(low, { edition: HJ_633_2012 })).toMatchObject({ aqi: null, complete: false, iaqi: { o3: 40 } });
    expect(dailyAqi(low, { edition: HJ_633_2026 })).toMatchObject({ aqi: 40, complete: true });
  });

  describe('MDA8 above 800', () => {
    const ozoneDay = { pm25: 20, pm10: 30, so2: 5, no2: 20, co: 0.5, o3Max8h: 850, o3Max1h: 1100 };

    it('2012: uses the O3 1-hour IAQI (1100 → 400 + 100/200·100 = 450)', () => {
      expect(dailyAqi(ozoneDay, { edition: HJ_633_2012 })).toMatchObject({
        aqi: 450,
        level: 'SEVERELY_POLLUTED',
        primaryPollutants: ['O3'],
        iaqi: { o3: 450 },
      });
    });

    it('2012 without a valid O3 max 1-hour value: no O3 IAQI', () => {
      expect(dailyAqi({ ...ozoneDay, o3Max1h: null }, { edition: HJ_633_2012 })).toMatchObject({
        aqi: null,
        iaqi: { o3: null },
        complete: false,
      });
    });

    it('2026: IAQI 300', () => {
      expect(dailyAqi(ozoneDay, { edition: HJ_633_2026 })).toMatchObject({
        aqi: 300,
        level: 'HEAVILY_POLLUTED',
        primaryPollutants: ['O3'],
        iaqi: { o3: 300 },
      });
    });
  });
});

describe('when the SO2 24-hour moving mean is needed: the edition tables decide', () => {
  test.each([
    // HJ 633—2012: the SO2 1-hour column ends at 800; above it the 24-hour moving mean's IAQI is used.
    [800, HJ_633_2012, false],
    [800.1, HJ_633_2012, true],
    [null, HJ_633_2012, false],
    // HJ 633—2026: above 800 the IAQI is a fixed 200, so no moving mean; 800.4 rounds to 800 first.
    [1200, HJ_633_2026, false],
    [800.4, HJ_633_2026, false],
  ])('SO2 %p µg/m³ (%#)', (so2, edition, expected) => {
    expect(needsSo2MovingMean(so2, edition)).toBe(expected);
  });
});
