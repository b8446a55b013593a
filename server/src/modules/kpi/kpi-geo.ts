// Map outlines for the cockpit: the child areas of a province (its cities) or of a city (its counties), read from
// the files `scripts/extract-geo.mjs` writes into ./geo/data (see geo/data/LICENSE.md). Below a city there are no
// outlines: the cockpit lists a county's townships instead.
import { readFile } from 'node:fs/promises';
import { AppError } from '../../platform/errors';
import { type GeoMap, geoMapSchema } from './kpi-geo.schemas';

const geoDir = new URL('./geo/data/', import.meta.url);
const cache = new Map<string, Promise<GeoMap | null>>();

async function loadMap(code: string): Promise<GeoMap | null> {
  try {
    return geoMapSchema.parse(JSON.parse(await readFile(new URL(`${code}.json`, geoDir), 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw error;
  }
}

/**
 * The outlines of the areas under a GB/T 2260 code, each keyed by its current 6-digit code (with the codes it held
 * before). Throws KPI_MAP_UNAVAILABLE for a county, a township or any code without outlines.
 */
export async function getChildOutlines(code: string): Promise<GeoMap> {
  if (!/^\d{4}00$/.test(code)) {
    throw new AppError('KPI_MAP_UNAVAILABLE', { code });
  }
  let map = cache.get(code);
  if (!map) {
    map = loadMap(code);
    cache.set(code, map);
  }
  const found = await map;
  if (!found) {
    throw new AppError('KPI_MAP_UNAVAILABLE', { code });
  }
  return found;
}
