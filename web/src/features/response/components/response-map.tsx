// The Leaflet map of 救在身边 pages: the patient, AEDs, responders and "me" as HTML markers (no images, so they draw
// with no tiles at all), optional circles, tiles from the AED module's map config (shifted to GCJ-02 when the tiles
// are Chinese), and an optional picker (tap to choose a point, returned in WGS-84).
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useMemo } from 'react';
import { Circle, MapContainer, Marker, TileLayer, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import { type Datum, fromDisplay, type LatLng, toDisplay } from '../../../lib/geo';
import { useMapConfig } from '../api';
import './response.css';

export type MapMarkerKind = 'patient' | 'aed' | 'me' | 'responder' | 'pick';
export type MapMarker = {
  id: string;
  position: LatLng;
  kind: MapMarkerKind;
  /** CSS colour of a responder's dot (by status/role). */
  color?: string;
  /** Short text inside or beside the marker. */
  label?: string;
  /** Text shown on hover / tap. */
  tooltip?: string;
  /** data-status of the marker element (for tests and styling). */
  status?: string;
};
export type MapCircle = { id: string; center: LatLng; radiusM: number; color: string };

/** The patient on top, then those going, then the rest (several responders may stand at one spot). */
function zIndexOf(m: MapMarker): number {
  if (m.kind === 'patient') {
    return 1000;
  }
  return m.status === 'accepted' || m.status === 'arrived' ? 500 : 0;
}

function iconFor(m: MapMarker): L.DivIcon {
  const status = m.status ? ` data-status="${m.status}"` : '';
  const attrs = `data-testid="map-${m.kind}" data-id="${m.id}"${status}`;
  switch (m.kind) {
    case 'patient':
      return L.divIcon({
        className: 'rm-icon',
        html: `<div class="rm-patient" ${attrs}>✚</div>`,
        iconSize: [30, 30],
        iconAnchor: [15, 15],
      });
    case 'aed':
      return L.divIcon({
        className: 'rm-icon',
        html: `<div class="rm-aed" ${attrs}>AED</div>`,
        iconSize: [36, 20],
        iconAnchor: [18, 10],
      });
    case 'me':
      return L.divIcon({
        className: 'rm-icon',
        html: `<div class="rm-me" ${attrs}></div>`,
        iconSize: [18, 18],
        iconAnchor: [9, 9],
      });
    case 'pick':
      return L.divIcon({
        className: 'rm-icon',
        html: `<div class="rm-pick" ${attrs}></div>`,
        iconSize: [22, 22],
        iconAnchor: [11, 22],
      });
    default:
      return L.divIcon({
        className: 'rm-icon',
        html: `<div class="rm-responder" style="background:${m.color ?? '#8c8c8c'}" ${attrs}>${m.label ?? ''}</div>`,
        iconSize: [22, 22],
        iconAnchor: [11, 11],
      });
  }
}

/** Fits the view to the points whenever `fitKey` changes (not on every move: the user may be panning). */
function FitBounds({ points, fitKey, datum }: { points: LatLng[]; fitKey: string; datum: Datum }) {
  const map = useMap();
  // biome-ignore lint/correctness/useExhaustiveDependencies: refits only when the set of things shown changes
  useEffect(() => {
    if (points.length === 0) {
      return;
    }
    const shown = points.map((p) => toDisplay(p, datum));
    if (shown.length === 1) {
      map.setView([shown[0].lat, shown[0].lng], Math.max(map.getZoom(), 16));
      return;
    }
    map.fitBounds(L.latLngBounds(shown.map((p) => [p.lat, p.lng] as [number, number])), {
      padding: [28, 28],
      maxZoom: 17,
    });
  }, [fitKey, datum, map]);
  return null;
}

function Picker({ datum, onPick }: { datum: Datum; onPick: (p: LatLng) => void }) {
  useMapEvents({
    click: (e) => onPick(fromDisplay({ lat: e.latlng.lat, lng: e.latlng.lng }, datum)),
  });
  return null;
}

export function ResponseMap({
  center,
  markers,
  circles = [],
  height = 260,
  onPick,
  fitKey,
  testId = 'response-map',
}: {
  center: LatLng;
  markers: MapMarker[];
  circles?: MapCircle[];
  height?: number | string;
  onPick?: (p: LatLng) => void;
  /** Refit to all markers when this changes (defaults to the marker ids). */
  fitKey?: string;
  testId?: string;
}) {
  const config = useMapConfig();
  const datum: Datum = config.data?.tileDatum ?? 'wgs84';
  const shownCenter = toDisplay(center, datum);
  const key = fitKey ?? markers.map((m) => m.id).join(',');
  const points = useMemo(() => markers.map((m) => m.position), [markers]);
  return (
    <div className="rm-map" style={{ height }} data-testid={testId}>
      <MapContainer
        center={[shownCenter.lat, shownCenter.lng]}
        zoom={16}
        style={{ height: '100%', width: '100%' }}
        attributionControl={!!config.data?.tileUrl}
      >
        {config.data?.tileUrl ? (
          <TileLayer url={config.data.tileUrl} attribution={config.data.attribution} maxZoom={19} />
        ) : null}
        {circles.map((c) => {
          const p = toDisplay(c.center, datum);
          return (
            <Circle
              key={c.id}
              center={[p.lat, p.lng]}
              radius={c.radiusM}
              pathOptions={{ color: c.color, weight: 1.5, fillOpacity: 0.03, dashArray: '6 4' }}
            />
          );
        })}
        {markers.map((m) => {
          const p = toDisplay(m.position, datum);
          return (
            <Marker key={m.id} position={[p.lat, p.lng]} icon={iconFor(m)} zIndexOffset={zIndexOf(m)}>
              {m.tooltip ? <Tooltip direction="top">{m.tooltip}</Tooltip> : null}
            </Marker>
          );
        })}
        <FitBounds points={points} fitKey={key} datum={datum} />
        {onPick ? <Picker datum={datum} onPick={onPick} /> : null}
      </MapContainer>
    </div>
  );
}

/** Responder dot colours: by role once accepted, grey when out of it. */
export function responderColor(status: string, role: string | null): string {
  if (status === 'accepted' || status === 'arrived') {
    return role === 'fetch_aed' ? '#389e0d' : '#1677ff';
  }
  if (status === 'alerted') {
    return '#faad14';
  }
  return '#bfbfbf';
}
