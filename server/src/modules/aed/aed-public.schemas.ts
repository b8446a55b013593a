// The contract of the public AED map (nearest devices, a device's page, problem reports, place search, map config) and
// of the coverage-gap analysis with its key places. Imports only zod: the web uses the same file.
import { z } from 'zod';

const point = z.object({ lat: z.number(), lng: z.number() });
const aedStatus = z.enum(['ready', 'needs_service', 'out_of_service', 'removed']);

// ------------------------------------------------------------------------------------------------ map config

export const mapDatumValues = ['wgs84', 'gcj02'] as const;
export const mapConfigSchema = z.object({
  /** A Leaflet tile URL template ({z}/{x}/{y}); null when no tiles are configured (the map draws on a blank canvas). */
  tileUrl: z.string().nullable(),
  /** The datum of the tiles: markers are drawn in GCJ-02 on Chinese tiles. */
  tileDatum: z.enum(mapDatumValues),
  attribution: z.string(),
});
export type MapConfig = z.infer<typeof mapConfigSchema>;

// ------------------------------------------------------------------------------------------------ nearest

/** Coordinates come as text; their range, (0,0) and "swapped" are checked by the service (422 INVALID_LOCATION). */
export const nearbyQuerySchema = z.strictObject({
  lat: z.coerce.number(),
  lng: z.coerce.number(),
  limit: z.coerce.number().int().min(1).max(20).default(3),
  lang: z.enum(['zh', 'en']).optional(),
});
export type NearbyQuery = z.infer<typeof nearbyQuerySchema>;

export const nearbyAedViewSchema = z.object({
  code: z.string(),
  lat: z.number(),
  lng: z.number(),
  gcj02: point,
  address: z.string(),
  building: z.string(),
  floor: z.string(),
  spot: z.string(),
  accessNotes: z.string(),
  openHoursText: z.string(),
  is24h: z.boolean(),
  status: aedStatus,
  openNow: z.boolean(),
  available: z.boolean(),
  distanceM: z.number(),
  walkingSeconds: z.number().int(),
});
export type NearbyAedView = z.infer<typeof nearbyAedViewSchema>;

export const nearbyResultSchema = z.object({
  point,
  /** The instant "open now" was decided for (ISO). */
  at: z.string(),
  items: z.array(nearbyAedViewSchema),
});
export type NearbyResult = z.infer<typeof nearbyResultSchema>;

// ------------------------------------------------------------------------------------------------ place search

export const placeSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(40),
  lang: z.enum(['zh', 'en']).optional(),
});
export const placeHitSchema = z.object({
  kind: z.enum(['aed', 'unit']),
  name: z.string(),
  detail: z.string(),
  lat: z.number(),
  lng: z.number(),
});
export type PlaceHit = z.infer<typeof placeHitSchema>;

// ------------------------------------------------------------------------------------------------ device page

export const aedCodeParamsSchema = z.strictObject({ code: z.string().min(1).max(40) });
export const aedIdParamsSchema = z.strictObject({ id: z.uuid() });

/** Why a device is not available, in words the web turns into plain language. */
export const unavailableReasonValues = ['closed_now', 'needs_service', 'out_of_service', 'removed'] as const;

export const publicAedViewSchema = z.object({
  code: z.string(),
  brand: z.string(),
  model: z.string(),
  lat: z.number(),
  lng: z.number(),
  gcj02: point,
  address: z.string(),
  building: z.string(),
  floor: z.string(),
  spot: z.string(),
  accessNotes: z.string(),
  openHoursText: z.string(),
  is24h: z.boolean(),
  /** int[7], Monday first, bit h = open during hour h (China time). */
  openHours: z.array(z.number().int()),
  status: aedStatus,
  openNow: z.boolean(),
  available: z.boolean(),
  unavailableReason: z.enum(unavailableReasonValues).nullable(),
  unitName: z.string(),
  hasPhoto: z.boolean(),
  padsExpiresOn: z.string().nullable(),
  batteryExpiresOn: z.string().nullable(),
  lastInspectedAt: z.string().nullable(),
});
export type PublicAedView = z.infer<typeof publicAedViewSchema>;

// ------------------------------------------------------------------------------------------------ problem reports

export const reportKindValues = ['missing', 'damaged', 'inaccessible', 'expired', 'other'] as const;
export type ReportKind = (typeof reportKindValues)[number];
/** A photo as base64 (JPEG, PNG or WebP), already shrunk by the page: at most ~600 KB of bytes. */
export const reportPhotoMaxChars = 800_000;

export const reportProblemSchema = z.strictObject({
  kind: z.enum(reportKindValues),
  note: z.string().trim().max(500).default(''),
  phone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/, 'a mainland mobile number')
    .optional(),
  photo: z.strictObject({ name: z.string().max(120), base64: z.string().min(8).max(reportPhotoMaxChars) }).optional(),
});
export type ReportProblem = z.infer<typeof reportProblemSchema>;

export const reportReceiptSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: z.enum(reportKindValues),
  createdAt: z.string(),
});
export type ReportReceipt = z.infer<typeof reportReceiptSchema>;

export const reportListQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive(),
  lang: z.enum(['zh', 'en']).optional(),
});
export const reportViewSchema = z.object({
  id: z.uuid(),
  aedId: z.uuid(),
  code: z.string(),
  address: z.string(),
  orgId: z.number().int(),
  kind: z.enum(reportKindValues),
  note: z.string(),
  hasPhoto: z.boolean(),
  photoFileId: z.uuid().nullable(),
  phoneMasked: z.string().nullable(),
  taskId: z.uuid().nullable(),
  createdAt: z.string(),
});
export type ReportView = z.infer<typeof reportViewSchema>;

// ------------------------------------------------------------------------------------------------ key places

export const keyPlaceKindValues = [
  'school',
  'station',
  'mall',
  'scenic',
  'stadium',
  'hospital',
  'office',
  'community',
  'other',
] as const;

export const keyPlaceInputSchema = z.strictObject({
  orgId: z.number().int().positive(),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(keyPlaceKindValues),
  lat: z.number(),
  lng: z.number(),
  /** The datum of lat/lng as entered (a Chinese map picker gives GCJ-02); stored as WGS-84. */
  datum: z.enum(mapDatumValues).default('wgs84'),
  footfall: z.number().int().min(0).max(10_000_000).nullable().default(null),
  note: z.string().trim().max(500).default(''),
});
export type KeyPlaceInput = z.infer<typeof keyPlaceInputSchema>;
export const keyPlacePatchSchema = keyPlaceInputSchema.omit({ orgId: true }).partial();
export type KeyPlacePatch = z.infer<typeof keyPlacePatchSchema>;

export const keyPlaceViewSchema = z.object({
  id: z.uuid(),
  orgId: z.number().int(),
  name: z.string(),
  kind: z.enum(keyPlaceKindValues),
  lat: z.number(),
  lng: z.number(),
  footfall: z.number().int().nullable(),
  note: z.string(),
  updatedAt: z.string(),
});
export type KeyPlaceView = z.infer<typeof keyPlaceViewSchema>;
export const keyPlaceListQuerySchema = reportListQuerySchema;

// ------------------------------------------------------------------------------------------------ coverage

export const coverageQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive(),
  /** Monday = 0 … Sunday = 6. */
  dow: z.coerce.number().int().min(0).max(6),
  hour: z.coerce.number().int().min(0).max(23),
  /** Walking time that counts as covered (default 180 s: the 3-minute rule). */
  walkSeconds: z.coerce.number().int().min(30).max(900).default(180),
  /** Grid cell edge in metres (default 200). */
  cellM: z.coerce.number().int().min(50).max(2000).default(200),
  lang: z.enum(['zh', 'en']).optional(),
});
export type CoverageQuery = z.infer<typeof coverageQuerySchema>;

export const coverageAedSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  lat: z.number(),
  lng: z.number(),
  address: z.string(),
  /** available = ready and open at that hour; closed = ready but not open then; not_ready = needs or out of service. */
  state: z.enum(['available', 'closed', 'not_ready']),
});
export const coveragePlaceSchema = z.object({
  source: z.enum(['key_place', 'unit']),
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  lat: z.number(),
  lng: z.number(),
  footfall: z.number().int().nullable(),
  covered: z.boolean(),
  /** Metres to the nearest device available at that hour; null when the unit has none. */
  nearestAvailableM: z.number().nullable(),
  nearestAvailableCode: z.string().nullable(),
});
export type CoveragePlace = z.infer<typeof coveragePlaceSchema>;

export const coverageResultSchema = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  dow: z.number().int(),
  hour: z.number().int(),
  radiusM: z.number(),
  cell: z.object({ sizeM: z.number(), dLat: z.number(), dLng: z.number(), south: z.number(), west: z.number() }),
  /** Grid cells (row, column from the south-west corner) reached within the walk, by a device available then. */
  coveredCells: z.array(z.tuple([z.number().int(), z.number().int()])),
  /** Cells reached only by devices that are closed or not ready at that hour (covered if they were). */
  closedCells: z.array(z.tuple([z.number().int(), z.number().int()])),
  rows: z.number().int(),
  cols: z.number().int(),
  aeds: z.array(coverageAedSchema),
  places: z.array(coveragePlaceSchema),
  /** Uncovered key places, busiest first: where the next AEDs go. */
  gaps: z.array(coveragePlaceSchema),
  totals: z.object({
    aeds: z.number().int(),
    available: z.number().int(),
    places: z.number().int(),
    coveredPlaces: z.number().int(),
    footfall: z.number().int(),
    coveredFootfall: z.number().int(),
    /** Square kilometres within the walk of an available device (union of grid cells). */
    coveredKm2: z.number(),
    elapsedMs: z.number(),
  }),
});
export type CoverageResult = z.infer<typeof coverageResultSchema>;
