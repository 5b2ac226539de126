import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { Root } from './Root';
import { installBenchHook } from './benchHook';
import { installTestHook } from './testHook';

installBenchHook();
installTestHook();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
