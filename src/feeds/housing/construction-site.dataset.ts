import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { day, enumeration, flag, plannedDay, quantity, regionCode, text } from '../../datasets/field-kinds';
import { RowErrorCode } from '../../catalog/row-validator';

export const ConstructionSiteStatus = enumeration('ConstructionSiteStatus', ['ACTIVE', 'SUSPENDED', 'COMPLETED'], 'State of a construction site.', {
  ACTIVE: '在建 Under construction: counts among the active sites',
  SUSPENDED: '停工 Work suspended (including by an emergency response)',
  COMPLETED: '竣工 Completed',
});

/** Reference data of the housing department; an Apollo Federation entity (`ConstructionSite`, key `id`). */
export const constructionSites = defineDataset({
  id: 'construction-sites',
  owner: Department.HOUSING,
  title: 'Construction sites',
  description: 'Construction sites by site id: name, region, location, floor area, status, start and (planned) end dates, online dust monitor and video surveillance.',
  cadence: 'on change',
  typeName: 'ConstructionSite',
  inputName: 'ConstructionSiteInput',
  table: 'construction_sites',
  query: 'constructionSites',
  mutation: 'upsertConstructionSites',
  federationKey: 'id',
  coordinates: true,
  fields: {
    id: { kind: text({ pattern: /^[A-Za-z0-9_-]{1,64}$/, what: 'a site id (letters, digits, _ and -, at most 64)' }), key: true, description: 'Site id, as the housing department assigns it' },
    name: { kind: text({ maxLength: 200 }), required: true, description: 'Name of the project' },
    regionCode: { kind: regionCode(), required: true, description: 'Region the site lies in' },
    floorArea: { kind: quantity(0, 1e8, 'm²'), description: 'Total floor area under construction' },
    status: { kind: ConstructionSiteStatus, required: true, filter: true, description: 'Status' },
    startDate: { kind: day(), description: 'Day work started (not in the future)' },
    endDate: { kind: plannedDay(), description: 'Day work ended, or is planned to end; not before startDate' },
    dustMonitor: { kind: flag(), required: true, filter: true, description: 'Has an online dust monitor (扬尘在线监测)' },
    video: { kind: flag(), required: true, filter: true, description: 'Has video surveillance (视频监控)' },
  },
  checkRow(row, check) {
    if (row.startDate && row.endDate && (row.endDate as string) < (row.startDate as string)) {
      check.fail('endDate', RowErrorCode.INCONSISTENT, `endDate ${row.endDate as string} is before startDate ${row.startDate as string}`);
    }
  },
});
