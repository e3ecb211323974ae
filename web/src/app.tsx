/** The portal: sign-in, then the pages of the signed-in role; anything else is refused in words. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Me, setUnauthorisedHandler, storedToken, storeToken } from './api.ts';
import { ErrorMessage, Loading, Notice, PageTitle } from './components/common.tsx';
import { Layout, NAV } from './components/Layout.tsx';
import { useLoad } from './load.ts';
import { Analyst } from './pages/Analyst.tsx';
import { Audit } from './pages/Audit.tsx';
import { CityCurrent } from './pages/CityCurrent.tsx';
import { CityHistory } from './pages/CityHistory.tsx';
import { CityReports } from './pages/CityReports.tsx';
import { CityUpload } from './pages/CityUpload.tsx';
import { Login } from './pages/Login.tsx';
import { Province } from './pages/Province.tsx';
import { ReportView } from './pages/ReportView.tsx';
import { UploadPage } from './pages/UploadPage.tsx';
import { match, navigate, type Route, useRoute } from './router.ts';

function home(me: Me): string {
  return NAV[me.role][0]?.path ?? '/';
}

function Forbidden() {
  return (
    <>
      <PageTitle title="无权访问">无权访问</PageTitle>
      <Notice tone="bad">您的账号无权查看此页面。请使用上方导航进入您可以查看的页面。</Notice>
    </>
  );
}

function NotFound() {
  return (
    <>
      <PageTitle title="页面不存在">页面不存在</PageTitle>
      <Notice tone="bad">
        没有这个页面。<a href="#/">返回首页</a>
      </Notice>
    </>
  );
}

function Page({ me, route }: { me: Me; route: Route }) {
  const { path, params } = route;
  const own = (role: Me['role']) => me.role === role;
  const upload = match('/uploads/:id', path);
  if (upload) return <UploadPage me={me} id={upload.id ?? ''} />;
  if (path === '/report') return <ReportView me={me} reportKey={params.get('key') ?? ''} />;
  if (path.startsWith('/city')) {
    if (!own('city')) return <Forbidden />;
    if (path === '/city') return <CityCurrent me={me} />;
    if (path === '/city/upload') return <CityUpload me={me} asked={params.get('period')} />;
    if (path === '/city/history') return <CityHistory me={me} />;
    if (path === '/city/reports') return <CityReports me={me} asked={params.get('period')} />;
  }
  if (path === '/province')
    return own('province') ? <Province me={me} asked={params.get('period')} /> : <Forbidden />;
  if (path === '/analyst') return own('analyst') ? <Analyst asked={params.get('period')} /> : <Forbidden />;
  if (path === '/analyst/audit') return own('analyst') ? <Audit /> : <Forbidden />;
  return <NotFound />;
}

export function App() {
  const route = useRoute();
  const [token, setToken] = useState(storedToken);
  const me = useLoad(() => (token ? api.me() : Promise.resolve(null)), [token]);
  useEffect(() => setUnauthorisedHandler(() => setToken(null)), []);
  const signOut = () => {
    storeToken(null);
    setToken(null);
    navigate('/login');
  };
  useEffect(() => {
    if (me.data && (route.path === '/' || route.path === '/login')) navigate(home(me.data));
  }, [me.data, route.path]);

  if (!token) {
    return (
      <Layout me={null} path={route.path} onSignOut={signOut}>
        <Login
          onSignedIn={(signedIn) => {
            storeToken(signedIn);
            setToken(signedIn);
          }}
        />
      </Layout>
    );
  }
  return (
    <Layout me={me.data ?? null} path={route.path} onSignOut={signOut}>
      {me.error ? <ErrorMessage error={me.error} /> : null}
      {me.data ? <Page me={me.data} route={route} /> : me.loading ? <Loading what="账号信息" /> : null}
    </Layout>
  );
}
