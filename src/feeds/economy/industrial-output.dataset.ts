import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { enumeration, month, quantity, regionCode, text } from '../../datasets/field-kinds';

/** The main industrial products of the key industries (steel incl. coking, nonferrous, building materials, petrochemical). */
export const IndustrialProduct = enumeration(
  'IndustrialProduct',
  [
    'CRUDE_STEEL',
    'PIG_IRON',
    'STEEL_PRODUCTS',
    'COKE',
    'CEMENT_CLINKER',
    'CEMENT',
    'FLAT_GLASS',
    'CERAMIC_TILES',
    'BRICKS_AND_TILES',
    'ELECTROLYTIC_ALUMINIUM',
    'CRUDE_OIL_PROCESSED',
    'OTHER',
  ],
  'A main industrial product, for capacity and output.',
  {
    CRUDE_STEEL: '粗钢 Crude steel (10⁴ t)',
    PIG_IRON: '生铁 Pig iron (10⁴ t)',
    STEEL_PRODUCTS: '钢材 Finished steel products (10⁴ t)',
    COKE: '焦炭 Coke (10⁴ t)',
    CEMENT_CLINKER: '水泥熟料 Cement clinker (10⁴ t)',
    CEMENT: '水泥 Cement (10⁴ t)',
    FLAT_GLASS: '平板玻璃 Flat glass (usually 10⁴ weight cases, 万重量箱)',
    CERAMIC_TILES: '陶瓷砖 Ceramic tiles (usually 10⁴ m²)',
    BRICKS_AND_TILES: '砖瓦 Bricks and roof tiles (usually 10⁴ standard bricks)',
    ELECTROLYTIC_ALUMINIUM: '电解铝 Electrolytic (primary) aluminium (10⁴ t)',
    CRUDE_OIL_PROCESSED: '原油加工量 Crude oil processed (10⁴ t)',
    OTHER: 'Other products, together',
  },
);

/** Output and capacity are in the row's `unit` (10⁴ t for most products); the limits only refuse negatives and absurdities. */
export const industrialOutputMonthly = defineDataset({
  id: 'industrial-output-monthly',
  owner: Department.ECONOMY,
  title: 'Main industrial products: output and capacity, monthly',
  description: "Output in the month and production capacity of the main industrial products (crude steel, cement clinker, coke, flat glass, …) by region and month, in the product's unit (10⁴ t or its own).",
  cadence: 'P1M',
  typeName: 'IndustrialOutput',
  inputName: 'IndustrialOutputInput',
  table: 'industrial_output_monthly',
  query: 'industrialOutput',
  mutation: 'ingestIndustrialOutput',
  time: 'month',
  fields: {
    regionCode: { kind: regionCode(), key: true, description: 'Region' },
    product: { kind: IndustrialProduct, key: true, filter: true, description: 'Product' },
    month: { kind: month(), key: true, description: 'Month (CST)' },
    unit: { kind: text({ maxLength: 30 }), required: true, description: 'Unit of output, and of capacity per year: "10⁴ t" for tonnage products, else the product\'s own (e.g. "10⁴ weight cases")' },
    output: { kind: quantity(0, 1e9, 'as in `unit`'), required: true, description: 'Output in the month' },
    capacity: { kind: quantity(0, 1e10, '`unit` per year'), description: 'Production capacity at the end of the month' },
  },
});
