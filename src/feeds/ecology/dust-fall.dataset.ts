import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { month, quantity, regionCode } from '../../datasets/field-kinds';

/**
 * Monthly dust fall (降尘量). Usual values are a few t/(km²·month); dust-storm months go far beyond: the limit is a
 * physical one, 0–1,000.
 */
export const dustFallMonthly = defineDataset({
  id: 'dust-fall-monthly',
  owner: Department.ECOLOGY,
  title: 'Dust fall, monthly (降尘量)',
  description: 'Atmospheric dust fall by region and month, t/(km²·month).',
  cadence: 'P1M',
  typeName: 'DustFall',
  inputName: 'DustFallInput',
  table: 'dust_fall_monthly',
  query: 'dustFall',
  mutation: 'ingestDustFall',
  time: 'month',
  fields: {
    regionCode: { kind: regionCode(), key: true, description: 'Region' },
    month: { kind: month(), key: true, description: 'Month (CST)' },
    dustFall: { kind: quantity(0, 1000, 't/(km²·month)'), required: true, description: 'Dust fall in the month' },
  },
});
