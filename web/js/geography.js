// The area sets of this server's data and what each is for, read from the catalog: each area
// layer's `level` (the manifest's area_sets: region, local_authority, ward, small_area) and
// `borough_set`. Nothing else in the client names a set id, so the West Midlands build
// (pfa, lad, ward22, lsoa11, lsoa21) and a synthetic region (lad, ward, lsoa) work alike.

/** Levels from the largest areas to the smallest (the map draws them in this order). */
const LEVELS = ['region', 'local_authority', 'ward', 'small_area'];

export const geography = {
  sets: [],        // every area set, largest level first
  regions: [],     // sets above the boroughs (e.g. police force areas)
  borough: null,   // the set the borough filter, comparators and packs use
  ward: null,      // the ward set, if any (the first, when there are several)
  smallAreas: [],  // small-area sets (LSOAs; two vintages in the West Midlands build), by id
};

/** Reads the catalog's area layers into `geography`. */
export function configureGeography(catalog) {
  const areas = (catalog.layers || []).filter((l) => l.kind === 'areas');
  const rank = (l) => {
    const k = LEVELS.indexOf(l.level);
    return k < 0 ? LEVELS.length : k;
  };
  const sorted = [...areas].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  const ofLevel = (level) => sorted.filter((l) => l.level === level).map((l) => l.id);
  geography.sets = sorted.map((l) => l.id);
  geography.regions = ofLevel('region');
  geography.borough = catalog.borough_set || ofLevel('local_authority')[0] || null;
  geography.ward = ofLevel('ward')[0] || null;
  geography.smallAreas = ofLevel('small_area');
  return geography;
}

export const isSmallArea = (set) => geography.smallAreas.includes(set);
export const isRegionSet = (set) => geography.regions.includes(set);
export const isBoroughSet = (set) => set === geography.borough;
export const isWardSet = (set) => set === geography.ward;

/** The small-area set to name places by and summarise with: the latest vintage (last by id). */
export function currentSmallArea() {
  return geography.smallAreas[geography.smallAreas.length - 1] || null;
}

/** The tile property holding a feature's parent area of `parentSet` (`lad_code`, `ward22_code`). */
export function parentKey(parentSet) {
  return `${parentSet}_code`;
}

/** The property of a `set` feature naming its borough: its own code on borough maps. */
export function boroughKey(set) {
  return isBoroughSet(set) ? 'code' : parentKey(geography.borough);
}

/** Sets an indicator of `set` can be aggregated to by the server: its ward and borough parents. */
export function aggregateTargets(set) {
  if (!isSmallArea(set)) return [];
  // Wards are built from the latest small areas only (the ward lookup is of that vintage).
  const ward = set === currentSmallArea() && geography.ward ? [geography.ward] : [];
  return [...ward, ...(geography.borough ? [geography.borough] : [])];
}

/** Whether a `set` area's profile summarises the mapped `mapped` set's areas inside it (a ward or borough on a map of the latest small areas). */
export function summarisesInside(mapped, set) {
  return mapped === currentSmallArea() && (isWardSet(set) || isBoroughSet(set));
}

/** Zoom to fly to for an area of `set`: closer for smaller areas. */
export function zoomFor(set) {
  if (isSmallArea(set)) return 14;
  if (isWardSet(set)) return 13;
  return 11;
}
