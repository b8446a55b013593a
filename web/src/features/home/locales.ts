// Public home text (namespace "home").

export const zh = {
  title: '博爱',
  motto: '人道 · 博爱 · 奉献',
  intro: '博爱是红十字会的数字化平台，连接各级红十字会、基层组织与社会公众。更多服务正在陆续上线。',
  tiles: {
    signIn: '登录',
    signInHint: '手机号 + 验证码',
    me: '我的',
    meHint: '我的账号',
    meSignedIn: '已登录 {{phone}}',
  },
  staffEntry: '工作人员入口',
  footer: '博爱 · 红十字会数字化平台',
};

export const en: typeof zh = {
  title: 'Boai',
  motto: 'Humanity · Fraternity · Dedication',
  intro:
    'Boai is the digital platform of the Red Cross, linking its branches, grassroots units and the public. More services are on their way.',
  tiles: {
    signIn: 'Sign in',
    signInHint: 'Phone + one-time code',
    me: 'Me',
    meHint: 'My account',
    meSignedIn: 'Signed in as {{phone}}',
  },
  staffEntry: 'Staff console',
  footer: 'Boai · the Red Cross digital platform',
};
