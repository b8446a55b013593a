// The AED console map: devices as HTML markers coloured by status (no images, so they draw with no tiles at all),
// tiles from GET /api/aed/map-config (points shifted to GCJ-02 on Chinese tiles), and an optional picker: a click
// sets the point (returned in WGS-84).
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useMemo } from 'react';
import { MapContainer, Marker, TileLayer, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import { type Datum, fromDisplay, type LatLng, toDisplay } from '../../../lib/geo';
import { useAedMapConfig } from '../api';
import './aed-admin.css';

export type AedMarker = { id: string; position: LatLng; status: string; label?: string; tooltip?: string };

export const statusColors: Record<string, string> = {
  ready: '#2e7d32',
  needs_service: '#ed6c02',
  out_of_service: '#c62828',
  removed: '#757575',
  pick: '#1565c0',
};

function iconFor(m: AedMarker): L.DivIcon {
  const color = statusColors[m.status] ?? '#1565c0';
  return L.divIcon({
    className: 'aed-admin-icon',
    html: `<div class="aed-admin-marker" style="background:${color}" data-testid="aed-marker" data-status="${m.status}" data-id="${m.id}">${m.label ?? 'AED'}</div>`,
    iconSize: [40, 20],
    iconAnchor: [20, 10],
  });
}

function FitBounds({ points, fitKey }: { points: LatLng[]; fitKey: string }) {
  const map = useMap();
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the set of markers changes
  useEffect(() => {
    if (points.length === 1) {
      map.setView([points[0].lat, points[0].lng], Math.max(map.getZoom(), 16));
    } else if (points.length > 1) {
      map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lng])), { padding: [32, 32], maxZoom: 17 });
    }
  }, [fitKey, map]);
  return null;
}

function Picker({ datum, onPick }: { datum: Datum; onPick: (p: LatLng) => void }) {
  useMapEvents({
    click: (e) => onPick(fromDisplay({ lat: e.latlng.lat, lng: e.latlng.lng }, datum)),
  });
  return null;
}

export function AedMap({
  markers,
  center,
  height = 480,
  onPick,
  onOpen,
  fitKey,
}: {
  markers: AedMarker[];
  center: LatLng;
  height?: number | string;
  onPick?: (p: LatLng) => void;
  onOpen?: (id: string) => void;
  fitKey?: string;
}) {
  const config = useAedMapConfig();
  const datum: Datum = config.data?.tileDatum ?? 'wgs84';
  const shown = useMemo(() => markers.map((m) => ({ ...m, shown: toDisplay(m.position, datum) })), [markers, datum]);
  const c = toDisplay(center, datum);
  return (
    <div className="aed-admin-map" style={{ height }} data-testid="aed-map">
      <MapContainer
        center={[c.lat, c.lng]}
        zoom={14}
        style={{ height: '100%', width: '100%' }}
        attributionControl={!!config.data?.tileUrl}
      >
        {config.data?.tileUrl ? (
          <TileLayer url={config.data.tileUrl} attribution={config.data.attribution} maxZoom={19} />
        ) : null}
        {shown.map((m) => (
          <Marker
            key={m.id}
            position={[m.shown.lat, m.shown.lng]}
            icon={iconFor(m)}
            eventHandlers={onOpen ? { click: () => onOpen(m.id) } : undefined}
          >
            {m.tooltip ? <Tooltip direction="top">{m.tooltip}</Tooltip> : null}
          </Marker>
        ))}
        <FitBounds points={shown.map((m) => m.shown)} fitKey={fitKey ?? markers.map((m) => m.id).join(',')} />
        {onPick ? <Picker datum={datum} onPick={onPick} /> : null}
      </MapContainer>
    </div>
  );
}

/** True when tiles are configured (otherwise pages say the map is blank on purpose). */
export function useHasTiles(): boolean {
  return !!useAedMapConfig().data?.tileUrl;
}
