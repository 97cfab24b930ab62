import { GraphQLError } from 'graphql';
import { underCurrentNames } from '../../../src/datasets/former-names';

describe('values given under a former name', () => {
  const renamed = new Map([['stationId', 'stationCode']]);

  test('move to the current name; a value under the current name alone stays', () => {
    expect(underCurrentNames({ stationId: '56294', first: 2 }, renamed, 'weatherObservations')).toEqual({ stationCode: '56294', first: 2 });
    expect(underCurrentNames({ stationCode: '56294', stationId: null }, renamed, 'input[0]')).toEqual({ stationCode: '56294', stationId: null });
    expect(underCurrentNames({ stationCode: null, stationId: '56294' }, renamed, 'input[0]')).toEqual({ stationCode: '56294' });
  });

  test('both names agreeing is one value; disagreeing is BAD_USER_INPUT saying where', () => {
    expect(underCurrentNames({ stationCode: '56294', stationId: '56294' }, renamed, 'input[0]')).toEqual({ stationCode: '56294' });
    const times = new Map([['plannedStart', 'startsAt']]);
    const at = (iso: string) => new Date(iso);
    expect(underCurrentNames({ startsAt: at('2025-01-10T08:00:00+08:00'), plannedStart: at('2025-01-10T00:00:00Z') }, times, 'input[0]')).toEqual({
      startsAt: at('2025-01-10T00:00:00Z'),
    });
    let error: unknown;
    try {
      underCurrentNames({ stationCode: '56294', stationId: '56396' }, renamed, 'input[3]');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).message).toBe('input[3]: stationId (the deprecated former name of stationCode) and stationCode differ; give stationCode alone');
    expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stationCode' });
  });
});
