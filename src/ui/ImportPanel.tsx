import { useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { proxyCallback, newJobId } from '../worker/client';
import type { DatasetMeta, ImportProgress, TextEncodingName } from '../worker/api';
import type { SniffOverrides } from '../data/detect';
import type { ScaledImportReport as ImportReport } from '../worker/importing';
import { errorMessage, useLab } from './labContext';
import { formatBytes } from './format';
import { FilePreview, type PreviewState } from './FilePreview';
import { ImportReportView } from './ImportReportView';
import { describeScale } from '../data/ratingScale';

interface Props {
  /** Called as an import starts (the page asks for persistent storage at the first one). */
  onStart(): void;
  onImported(meta: DatasetMeta): Promise<void>;
  onActivity(text: string): void;
  onError(message: string | null): void;
}

type Stage =
  | { kind: 'choose' }
  | { kind: 'parsing'; jobId: string; progress: (ImportProgress & { stage: string }) | null }
  | { kind: 'review'; report: ImportReport }
  | { kind: 'saving' };

const TITLES_NAME = /item|movie|title|book|product/i;

/** Import a ratings file (and optionally item titles): preview, map columns, parse in the worker, review, store. */
export function ImportPanel({ onStart, onImported, onActivity, onError }: Props) {
  const lab = useLab();
  const [ratings, setRatings] = useState<PreviewState | null>(null);
  const [titles, setTitles] = useState<PreviewState | null>(null);
  const [name, setName] = useState('');
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const [dragging, setDragging] = useState(false);
  const ratingsInput = useRef<HTMLInputElement>(null);
  const titlesInput = useRef<HTMLInputElement>(null);

  const load = async (file: File, encoding: TextEncodingName | undefined, kind: 'ratings' | 'titles', overrides?: SniffOverrides) => {
    onError(null);
    try {
      const result = await lab.sniff(file, encoding, overrides);
      const state: PreviewState = {
        file,
        sniff: result.sniff,
        encoding: result.sniff.encoding ?? 'windows-1252',
        delimiter: result.sniff.delimiter,
        hasHeader: result.sniff.hasHeader,
        ratingsMapping: result.ratingsMapping,
        titlesMapping: result.titlesMapping,
        invalidUtf8At: result.invalidUtf8At,
      };
      if (kind === 'ratings') {
        setRatings(state);
        setName((n) => n || file.name);
      } else {
        setTitles(state);
      }
    } catch (e) {
      // Nothing of a refused file is previewed (e.g. "This is not a text file: …").
      if (kind === 'ratings') setRatings(null);
      else setTitles(null);
      onError(`Could not read ${file.name}: ${errorMessage(e)}`);
    }
  };

  const removeTitles = () => {
    setTitles(null);
    if (titlesInput.current) titlesInput.current.value = '';
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = Array.from(e.dataTransfer.files);
    const titlesFile = files.length > 1 ? files.find((f) => TITLES_NAME.test(f.name)) : undefined;
    const ratingsFile = files.find((f) => f !== titlesFile);
    if (ratingsFile) void load(ratingsFile, undefined, 'ratings');
    if (titlesFile) void load(titlesFile, undefined, 'titles');
  };

  const startImport = async () => {
    if (!ratings) return;
    onStart();
    const jobId = newJobId('import');
    setStage({ kind: 'parsing', jobId, progress: null });
    onActivity(`Reading ${ratings.file.name}…`);
    try {
      const report = await lab.parseImport(
        jobId,
        {
          name: name.trim() || ratings.file.name,
          ratingsFile: ratings.file,
          ratingsOptions: { encoding: ratings.encoding, delimiter: ratings.delimiter, hasHeader: ratings.hasHeader, mapping: ratings.ratingsMapping },
          titlesFile: titles?.file ?? null,
          titlesOptions: titles
            ? { encoding: titles.encoding, delimiter: titles.delimiter, hasHeader: titles.hasHeader, mapping: titles.titlesMapping }
            : null,
        },
        proxyCallback((p: ImportProgress & { stage: string }) => setStage((s) => (s.kind === 'parsing' ? { ...s, progress: p } : s))),
      );
      const clean = report.badRowCount === 0 && (report.titles?.badRowCount ?? 0) === 0 && (report.scale?.outside ?? 0) === 0;
      if (clean) await save(report);
      else {
        setStage({ kind: 'review', report });
        onActivity('Some rows could not be used: review them below.');
      }
    } catch (e) {
      setStage({ kind: 'choose' });
      if (e instanceof Error && e.name === 'AbortError') onActivity('Import cancelled; nothing was stored.');
      else onError(`Import failed, nothing was stored: ${errorMessage(e)}`);
    }
  };

  const save = async (report: ImportReport, dropOutsideScale = false) => {
    setStage({ kind: 'saving' });
    onActivity('Saving to this browser’s storage…');
    try {
      const meta = await lab.commitImport({ dropOutsideScale });
      const dupes = report.duplicates > 0 ? ` ${report.duplicates} duplicate (user, item) rows: kept the last of each.` : '';
      const skipped = report.badRowCount > 0 ? ` Skipped ${report.badRowCount} unusable rows.` : '';
      const scale = report.scale ? ` Rating scale ${describeScale(report.scale)}.` : '';
      const outside = report.scale && report.scale.outside > 0 ? (dropOutsideScale ? ` Dropped the ${report.scale.outside} ratings outside it.` : ` Kept the ${report.scale.outside} ratings outside it.`) : '';
      onActivity(`Imported ${meta.ratings} ratings in ${report.seconds.toFixed(1)} s.${scale}${outside}${dupes}${skipped}`);
      setRatings(null);
      setTitles(null);
      setName('');
      if (ratingsInput.current) ratingsInput.current.value = '';
      if (titlesInput.current) titlesInput.current.value = '';
      setStage({ kind: 'choose' });
      await onImported(meta);
    } catch (e) {
      setStage({ kind: 'choose' });
      onError(`Could not store the dataset, nothing was kept: ${errorMessage(e)}`);
    }
  };

  const discard = async () => {
    await lab.discardImport();
    setStage({ kind: 'choose' });
    onActivity('Import discarded; nothing was stored.');
  };

  return (
    <div className="import">
      <h3>Import your ratings</h3>
      <div
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        role="group"
        aria-label="Files to import (drop here or choose)"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop a ratings file here (and optionally an item-titles file), or choose:</p>
        <label className="file">
          Ratings file
          <input
            ref={ratingsInput}
            type="file"
            accept=".csv,.tsv,.dat,.data,.txt,text/*"
            onChange={(e) => e.target.files?.[0] && void load(e.target.files[0], undefined, 'ratings')}
          />
        </label>
        <label className="file">
          Item titles file
          <input
            ref={titlesInput}
            type="file"
            accept=".csv,.tsv,.dat,.item,.txt,text/*"
            onChange={(e) => e.target.files?.[0] && void load(e.target.files[0], undefined, 'titles')}
          />
        </label>
        <p className="hint">Files are read here, in your browser; nothing is uploaded.</p>
      </div>

      {ratings && stage.kind === 'choose' && (
        <form
          className="mapping"
          onSubmit={(e) => {
            e.preventDefault();
            void startImport();
          }}
        >
          <FilePreview
            kind="ratings"
            state={ratings}
            onChange={setRatings}
            onEncoding={(enc) => void load(ratings.file, enc, 'ratings')}
            onResniff={(o) => void load(ratings.file, ratings.encoding, 'ratings', o)}
          />
          {titles && (
            <>
              <FilePreview
                kind="titles"
                state={titles}
                onChange={setTitles}
                onEncoding={(enc) => void load(titles.file, enc, 'titles')}
                onResniff={(o) => void load(titles.file, titles.encoding, 'titles', o)}
              />
              <button type="button" onClick={removeTitles}>
                Import without the titles file
              </button>
            </>
          )}
          <label>
            Dataset name <input value={name} onChange={(e) => setName(e.target.value)} required />
          </label>
          <button type="submit" className="primary">
            Import
          </button>
        </form>
      )}

      {stage.kind === 'parsing' && (
        <div className="progress-block">
          <label>
            {stage.progress?.stage === 'titles' ? 'Reading titles' : 'Reading ratings'}
            <progress
              max={stage.progress?.totalBytes || 1}
              value={stage.progress?.bytes ?? 0}
              aria-valuetext={stage.progress ? `${stage.progress.rows} rows, ${formatBytes(stage.progress.bytes)}` : 'starting'}
            />
          </label>
          <span>
            {stage.progress
              ? `${stage.progress.rows} rows · ${formatBytes(stage.progress.bytes)} of ${formatBytes(stage.progress.totalBytes)}`
              : 'Starting…'}
          </span>
          <button type="button" onClick={() => void lab.cancel(stage.jobId)}>
            Cancel
          </button>
        </div>
      )}

      {stage.kind === 'review' && (
        <ImportReportView
          report={stage.report}
          onKeep={(dropOutsideScale) => void save(stage.report, dropOutsideScale)}
          onDiscard={() => void discard()}
        />
      )}
      {stage.kind === 'saving' && <p>Saving…</p>}
    </div>
  );
}
