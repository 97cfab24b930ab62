import {
  CHINA_III_AND_BELOW,
  decemberBefore,
  NEW_ENERGY_FUELS,
  regionCounts,
  vehicleStructure,
  type FleetRow,
} from '../../../../../src/indicators/math/joint/vehicle-structure';

const row = (regionCode: string, month: string, fuel: string, emissionStandard: string, registeredVehicles: number): FleetRow => ({
  regionCode,
  month,
  fuel,
  emissionStandard,
  registeredVehicles,
});

// Province 510000 → cities 510100 (counties 510104, 510105), 510300 (counties 510302, 510303), 510400 (county 510402).
const childrenOf = new Map<string, readonly string[]>([
  ['510000', ['510100', '510300', '510400']],
  ['510100', ['510104', '510105']],
  ['510300', ['510302', '510303']],
  ['510400', ['510402']],
]);

const rows: FleetRow[] = [
  // 510100, June 2025, its own total: vehicles 723 000; new energy 150 000 + 40 000 + 1 000 = 191 000;
  // China III and below 20 000 + 3 000 + 500 + 1 500 = 25 000 (CHINA_4 and CHINA_6 are not).
  row('510100', '2025-06', 'GASOLINE', 'CHINA_6', 500_000),
  row('510100', '2025-06', 'DIESEL', 'CHINA_3', 20_000),
  row('510100', '2025-06', 'GAS', 'CHINA_2', 3_000),
  row('510100', '2025-06', 'BATTERY_ELECTRIC', 'NOT_APPLICABLE', 150_000),
  row('510100', '2025-06', 'PLUG_IN_HYBRID', 'CHINA_6', 40_000),
  row('510100', '2025-06', 'FUEL_CELL', 'NOT_APPLICABLE', 1_000),
  row('510100', '2025-06', 'GASOLINE', 'CHINA_0', 500),
  row('510100', '2025-06', 'DIESEL', 'CHINA_1', 1_500),
  row('510100', '2025-06', 'OTHER', 'CHINA_4', 7_000),
  // Its counties publish too: never added to the city's own total.
  row('510104', '2025-06', 'GASOLINE', 'CHINA_3', 999),
  row('510105', '2025-06', 'BATTERY_ELECTRIC', 'NOT_APPLICABLE', 888),
  // 510100, December 2024: vehicles 630 000; new energy 120 000; China III and below 26 000 + 4 000 = 30 000.
  row('510100', '2024-12', 'GASOLINE', 'CHINA_6', 480_000),
  row('510100', '2024-12', 'DIESEL', 'CHINA_3', 26_000),
  row('510100', '2024-12', 'BATTERY_ELECTRIC', 'NOT_APPLICABLE', 120_000),
  row('510100', '2024-12', 'GAS', 'CHINA_1', 4_000),
  // 510300 has no rows of its own; its counties, June 2025: vehicles 88 500, new energy 6 000, China III and below 2 500.
  row('510302', '2025-06', 'GASOLINE', 'CHINA_6', 80_000),
  row('510302', '2025-06', 'BATTERY_ELECTRIC', 'NOT_APPLICABLE', 5_000),
  row('510303', '2025-06', 'DIESEL', 'CHINA_3', 2_000),
  row('510303', '2025-06', 'PLUG_IN_HYBRID', 'CHINA_6', 1_000),
  row('510303', '2025-06', 'GASOLINE', 'CHINA_2', 500),
  // Another month of a county: not June.
  row('510302', '2025-05', 'GASOLINE', 'CHINA_3', 70_000),
];

describe('§5.5 classifications', () => {
  it('new energy: battery electric, plug-in hybrid, fuel cell', () => {
    expect([...NEW_ENERGY_FUELS].sort()).toEqual(['BATTERY_ELECTRIC', 'FUEL_CELL', 'PLUG_IN_HYBRID']);
  });

  it('China III and below: CHINA_0 … CHINA_3', () => {
    expect([...CHINA_III_AND_BELOW].sort()).toEqual(['CHINA_0', 'CHINA_1', 'CHINA_2', 'CHINA_3']);
  });

  it('the start of the year is December of the previous year, also for January and December', () => {
    expect(decemberBefore('2025-01')).toBe('2024-12');
    expect(decemberBefore('2025-06')).toBe('2024-12');
    expect(decemberBefore('2025-12')).toBe('2024-12');
  });
});

describe('§5.5 a region’s counts: own rows, else the sum of its children', () => {
  it('a city with its own rows: those only, never its counties as well', () => {
    expect(regionCounts('510100', '2025-06', rows, childrenOf)).toEqual({ vehicles: 723_000, newEnergy: 191_000, chinaIIIAndBelow: 25_000 });
  });

  it('a city without rows: the sum of its counties (that month only)', () => {
    expect(regionCounts('510300', '2025-06', rows, childrenOf)).toEqual({ vehicles: 88_500, newEnergy: 6_000, chinaIIIAndBelow: 2_500 });
  });

  it('a region with neither: null', () => {
    expect(regionCounts('510400', '2025-06', rows, childrenOf)).toBeNull();
    expect(regionCounts('510402', '2025-06', rows, childrenOf)).toBeNull();
  });

  it('a province: its cities by the same rule (723 000 + 88 500; the empty city adds nothing)', () => {
    expect(regionCounts('510000', '2025-06', rows, childrenOf)).toEqual({ vehicles: 811_500, newEnergy: 197_000, chinaIIIAndBelow: 27_500 });
  });
});

describe('§5.5 vehicle structure', () => {
  it('figures, share, changes since December and progress against the target', () => {
    const result = vehicleStructure({
      regionCode: '510100',
      month: '2025-06',
      rows,
      childrenOf,
      target: { year: 2025, oldVehiclesToEliminate: 20_000, newEnergyVehiclesTarget: 300_000 },
    });
    expect(result).toEqual({
      vehicles: 723_000,
      newEnergy: 191_000,
      newEnergyShare: expect.any(Number) as number,
      chinaIIIAndBelow: 25_000,
      startOfYear: { vehicles: 630_000, newEnergy: 120_000, chinaIIIAndBelow: 30_000 },
      vehiclesChange: 93_000, // 723 000 − 630 000
      newEnergyChange: 71_000, // 191 000 − 120 000
      chinaIIIAndBelowChange: -5_000, // 25 000 − 30 000
      target: {
        year: 2025,
        eliminated: 5_000, // 30 000 (December) − 25 000 (June)
        oldVehiclesToEliminate: 20_000,
        eliminatedPercent: 25, // 5 000 / 20 000
        newEnergy: 191_000,
        newEnergyVehiclesTarget: 300_000,
        newEnergyPercent: expect.any(Number) as number,
      },
    });
    expect(result.newEnergyShare).toBeCloseTo(26.417704011065, 9); // 191 000 / 723 000 × 100
    expect(result.target!.newEnergyPercent).toBeCloseTo(63.66666666666667, 9); // 191 000 / 300 000 × 100
  });

  it('without December of the previous year: startOfYear, changes and eliminated are null', () => {
    const result = vehicleStructure({
      regionCode: '510300',
      month: '2025-06',
      rows,
      childrenOf,
      target: { year: 2025, oldVehiclesToEliminate: 1_000, newEnergyVehiclesTarget: 12_000 },
    });
    expect(result).toEqual({
      vehicles: 88_500,
      newEnergy: 6_000,
      newEnergyShare: expect.any(Number) as number,
      chinaIIIAndBelow: 2_500,
      startOfYear: null,
      vehiclesChange: null,
      newEnergyChange: null,
      chinaIIIAndBelowChange: null,
      target: {
        year: 2025,
        eliminated: null,
        oldVehiclesToEliminate: 1_000,
        eliminatedPercent: null,
        newEnergy: 6_000,
        newEnergyVehiclesTarget: 12_000,
        newEnergyPercent: 50, // 6 000 / 12 000
      },
    });
    expect(result.newEnergyShare).toBeCloseTo(6.779661016949152, 9); // 6 000 / 88 500 × 100 = 400/59
  });

  it('a January month compares with the December just before it', () => {
    const january = [
      row('510400', '2025-01', 'GASOLINE', 'CHINA_3', 900),
      row('510400', '2025-01', 'BATTERY_ELECTRIC', 'NOT_APPLICABLE', 100),
      row('510400', '2024-12', 'GASOLINE', 'CHINA_3', 1_000),
      row('510400', '2023-12', 'GASOLINE', 'CHINA_3', 5_000), // December of the wrong year
    ];
    const result = vehicleStructure({ regionCode: '510400', month: '2025-01', rows: january, childrenOf, target: null });
    expect(result).toEqual({
      vehicles: 1_000,
      newEnergy: 100,
      newEnergyShare: 10,
      chinaIIIAndBelow: 900,
      startOfYear: { vehicles: 1_000, newEnergy: 0, chinaIIIAndBelow: 1_000 },
      vehiclesChange: 0,
      newEnergyChange: 100,
      chinaIIIAndBelowChange: -100,
      target: null,
    });
  });

  it('a region with no rows: every figure null; a target without numbers gives null percentages', () => {
    const result = vehicleStructure({
      regionCode: '510400',
      month: '2025-06',
      rows,
      childrenOf,
      target: { year: 2025, oldVehiclesToEliminate: null, newEnergyVehiclesTarget: null },
    });
    expect(result).toEqual({
      vehicles: null,
      newEnergy: null,
      newEnergyShare: null,
      chinaIIIAndBelow: null,
      startOfYear: null,
      vehiclesChange: null,
      newEnergyChange: null,
      chinaIIIAndBelowChange: null,
      target: {
        year: 2025,
        eliminated: null,
        oldVehiclesToEliminate: null,
        eliminatedPercent: null,
        newEnergy: null,
        newEnergyVehiclesTarget: null,
        newEnergyPercent: null,
      },
    });
  });
});
