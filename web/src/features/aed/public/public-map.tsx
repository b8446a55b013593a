// The phone map of the public AED pages: the user's point, numbered AED markers (HTML markers, so they draw with no
// tiles at all), tiles from GET /api/aed/map-config with points shifted to GCJ-02 on Chinese tiles, and a tap or
// long-press that sets the user's point (returned in WGS-84).
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useMemo } from 'react';
import { MapContainer, Marker, TileLayer, useMap, useMapEvents } from 'react-leaflet';
import { type Datum, fromDisplay, type LatLng, toDisplay } from '../../../lib/geo';
import { useAedMapConfig } from '../api';

export type PublicMarker = { key: string; position: LatLng; label: string; available: boolean; onClick?: () => void };

const aedIcon = (m: PublicMarker) =>
  L.divIcon({
    className: 'aedp-icon',
    html: `<div class="aedp-marker${m.available ? '' : ' is-off'}" data-testid="aedp-marker" data-code="${m.key}">${m.label}</div>`,
    iconSize: [30, 30],
    iconAnchor: [15, 15],
  });

const youIcon = L.divIcon({
  className: 'aedp-icon',
  html: '<div class="aedp-you" data-testid="aedp-you"></div>',
  iconSize: [20, 20],
  iconAnchor: [10, 10],
});

function Fit({ points, fitKey }: { points: LatLng[]; fitKey: string }) {
  const map = useMap();
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the set of points changes
  useEffect(() => {
    if (points.length === 1) {
      map.setView([points[0].lat, points[0].lng], 17, { animate: false });
    } else if (points.length > 1) {
      map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lng])), {
        padding: [36, 36],
        maxZoom: 18,
        animate: false,
      });
    }
  }, [fitKey, map]);
  return null;
}

function PointSetter({ datum, onSet }: { datum: Datum; onSet: (p: LatLng) => void }) {
  // A tap on a desktop; a long-press on a phone arrives as contextmenu.
  useMapEvents({
    click: (e) => onSet(fromDisplay({ lat: e.latlng.lat, lng: e.latlng.lng }, datum)),
    contextmenu: (e) => onSet(fromDisplay({ lat: e.latlng.lat, lng: e.latlng.lng }, datum)),
  });
  return null;
}

/** 诸暨市 centre: where the map opens before anyone has a point. */
export const defaultCenter: LatLng = { lat: 29.7137, lng: 120.2436 };

export function PublicAedMap({
  you,
  markers,
  onSetPoint,
  height = 300,
  center,
}: {
  you: LatLng | null;
  markers: PublicMarker[];
  onSetPoint?: (p: LatLng) => void;
  height?: number;
  center?: LatLng;
}) {
  const config = useAedMapConfig();
  const datum: Datum = config.data?.tileDatum ?? 'wgs84';
  const shown = useMemo(() => markers.map((m) => ({ ...m, at: toDisplay(m.position, datum) })), [markers, datum]);
  const youShown = you ? toDisplay(you, datum) : null;
  const start = toDisplay(center ?? you ?? markers[0]?.position ?? defaultCenter, datum);
  const points = [...(youShown ? [youShown] : []), ...shown.map((m) => m.at)];
  const fitKey = `${you?.lat},${you?.lng}|${markers.map((m) => m.key).join(',')}|${datum}`;
  return (
    <div className="aedp-map" style={{ height }} data-testid="aedp-map">
      <MapContainer
        center={[start.lat, start.lng]}
        zoom={15}
        style={{ height: '100%', width: '100%' }}
        attributionControl={!!config.data?.tileUrl}
      >
        {config.data?.tileUrl ? (
          <TileLayer url={config.data.tileUrl} attribution={config.data.attribution} maxZoom={19} />
        ) : null}
        {youShown ? <Marker position={[youShown.lat, youShown.lng]} icon={youIcon} interactive={false} /> : null}
        {shown.map((m) => (
          <Marker
            key={m.key}
            position={[m.at.lat, m.at.lng]}
            icon={aedIcon(m)}
            eventHandlers={m.onClick ? { click: m.onClick } : undefined}
          />
        ))}
        <Fit points={points} fitKey={fitKey} />
        {onSetPoint ? <PointSetter datum={datum} onSet={onSetPoint} /> : null}
      </MapContainer>
    </div>
  );
}
