// A small Leaflet map of first-aid kits: HTML markers (no images), the AED module's tile configuration (points shifted
// to GCJ-02 on Chinese tiles), fitted to the markers.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect } from 'react';
import { MapContainer, Marker, TileLayer, Tooltip, useMap } from 'react-leaflet';
import { type LatLng, toDisplay } from '../../../lib/geo';
import { useMapConfig } from '../points/api';
import '../points/points.css';

export type KitMarker = { id: string; position: LatLng; label: string; tooltip?: string };

function Fit({ points }: { points: LatLng[] }) {
  const map = useMap();
  const key = points.map((p) => `${p.lat},${p.lng}`).join(';');
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit when the set of markers changes
  useEffect(() => {
    if (points.length === 1) {
      map.setView([points[0].lat, points[0].lng], 15);
    } else if (points.length > 1) {
      map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lng])), { padding: [24, 24], maxZoom: 16 });
    }
  }, [key, map]);
  return null;
}

export function KitMap({
  markers,
  height = 220,
  onOpen,
}: {
  markers: KitMarker[];
  height?: number;
  onOpen?: (id: string) => void;
}) {
  const config = useMapConfig();
  const datum = config.data?.tileDatum ?? 'wgs84';
  const shown = markers.map((m) => ({ ...m, at: toDisplay(m.position, datum) }));
  const center = shown[0]?.at ?? { lat: 29.7136, lng: 120.2423 };
  return (
    <div className="mp-kit-map" style={{ height }} data-testid="kit-map">
      <MapContainer center={[center.lat, center.lng]} zoom={13} style={{ height: '100%', width: '100%' }}>
        {config.data?.tileUrl ? <TileLayer url={config.data.tileUrl} attribution={config.data.attribution} /> : null}
        {shown.map((m) => (
          <Marker
            key={m.id}
            position={[m.at.lat, m.at.lng]}
            icon={L.divIcon({
              className: '',
              html: `<div class="mp-kit-marker">${m.label}</div>`,
              iconSize: [56, 18],
              iconAnchor: [28, 9],
            })}
            eventHandlers={onOpen ? { click: () => onOpen(m.id) } : undefined}
          >
            {m.tooltip ? <Tooltip>{m.tooltip}</Tooltip> : null}
          </Marker>
        ))}
        <Fit points={shown.map((m) => m.at)} />
      </MapContainer>
    </div>
  );
}
