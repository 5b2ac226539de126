import { Suspense, lazy, useEffect, useState } from 'react';
import { App } from './App';

const WorkedExamples = lazy(() => import('./examples/WorkedExamples').then((m) => ({ default: m.WorkedExamples })));

type Route = 'lab' | 'examples';
const routeOf = (hash: string): Route => (hash.startsWith('#/examples') ? 'examples' : 'lab');

/**
 * Two pages: the lab and the worked examples. The lab stays mounted (hidden) while the examples are
 * shown, so its worker, dataset and trained model survive a visit to the examples.
 */
export function Root() {
  const [route, setRoute] = useState<Route>(() => routeOf(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(routeOf(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  return (
    <>
      <nav className="tabs" aria-label="Pages">
        <a href="#/" aria-current={route === 'lab' ? 'page' : undefined}>
          Lab
        </a>
        <a href="#/examples" aria-current={route === 'examples' ? 'page' : undefined}>
          Worked examples
        </a>
      </nav>
      <div hidden={route !== 'lab'}>
        <App />
      </div>
      {route === 'examples' && (
        <Suspense fallback={<p className="loading">Loading the worked examples…</p>}>
          <WorkedExamples />
        </Suspense>
      )}
    </>
  );
}
