// 数字驾驶舱 inside the console (/console/cockpit): the cockpit in the normal theme, switchable to the dark one.
import { useState } from 'react';
import { type CockpitTheme, CockpitView } from './cockpit-view';

const themeKey = 'boai_cockpit_theme';

export function CockpitPage() {
  const [theme, setTheme] = useState<CockpitTheme>(() =>
    localStorage.getItem(themeKey) === 'dark' ? 'dark' : 'light',
  );
  return (
    <CockpitView
      variant="console"
      theme={theme}
      onThemeChange={(next) => {
        localStorage.setItem(themeKey, next);
        setTheme(next);
      }}
    />
  );
}
