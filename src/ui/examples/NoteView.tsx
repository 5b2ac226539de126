import { KNOWN_MISPRINTS } from '../../math/formulas';

/** Splits a trace note into its plain remarks and the known-misprint explanation, if any. */
export function splitNote(note: string): { plain: string; misprint: string | undefined } {
  const hit = KNOWN_MISPRINTS.find((m) => note.includes(m.text));
  if (hit === undefined) return { plain: note, misprint: undefined };
  return { plain: note.replace(hit.text, '').trim(), misprint: hit.text };
}

/** A trace's note; a known misprint of the classic example is flagged as such. */
export function NoteView({ note }: { note: string | undefined }) {
  if (note === undefined || note === '') return null;
  const { plain, misprint } = splitNote(note);
  return (
    <>
      {plain !== '' && <p className="trace-note">{plain}</p>}
      {misprint !== undefined && (
        <p className="trace-misprint">
          <strong>Known misprint:</strong> {misprint}
        </p>
      )}
    </>
  );
}
