import 'katex/dist/katex.min.css';
import './examples.css';
import { Example1 } from './Example1';
import { Example7 } from './Example7';
import { Example8 } from './Example8';
import { Example9 } from './Example9';
import { Example2, Example3, Example4 } from './ScoringExamples';
import { Example5, Example6 } from './SimilarityExamples';

/** The "Worked examples" page: the lesson's nine classic examples, every input editable, every number traced. */
export function WorkedExamples() {
  return (
    <main className="worked-examples" aria-labelledby="worked-examples-heading">
      <header className="examples-intro">
        <h1 id="worked-examples-heading">Worked examples</h1>
        <p>
          Each example shows the formula, the numbers substituted step by step, and the result. Edit any input and the result is recomputed
          as you type; <strong>Reset</strong> restores the lesson’s values. Where a printed version of an example is commonly wrong, the
          note says which value circulates and why it is wrong.
        </p>
        <nav aria-label="Examples">
          <ol className="examples-toc">
            {Array.from({ length: 9 }, (_, i) => (
              <li key={i}>
                <a href={`#example-${i + 1}`} onClick={(e) => jumpTo(e, i + 1)}>
                  Example {i + 1}
                </a>
              </li>
            ))}
          </ol>
        </nav>
      </header>
      <div className="examples-list">
        <Example1 />
        <Example2 />
        <Example3 />
        <Example4 />
        <Example5 />
        <Example6 />
        <Example7 />
        <Example8 />
        <Example9 />
      </div>
    </main>
  );
}

/** In-page links without touching the hash router (#/examples): scroll and move focus to the heading. */
function jumpTo(e: { preventDefault: () => void }, n: number): void {
  e.preventDefault();
  const heading = document.getElementById(`example-${n}-heading`);
  if (heading === null) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus();
  heading.scrollIntoView({ block: 'start' });
}
