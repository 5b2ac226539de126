import { NumberField } from './NumberField';

interface Props {
  users: readonly string[];
  items: readonly string[];
  /** rows = users, columns = items; '' = not rated. */
  values: readonly (readonly string[])[];
  onChange: (values: string[][]) => void;
  target: { user: number; item: number };
}

/** The user × item ratings table: each cell a rating, empty = not rated; the target cell is marked. */
export function RatingsTableInput({ users, items, values, onChange, target }: Props) {
  const set = (u: number, i: number, v: string) => onChange(values.map((row, a) => row.map((x, b) => (a === u && b === i ? v : x))));
  return (
    <div className="table-scroll">
      <table className="ratings-grid">
        <caption>Ratings (leave a cell empty for “not rated”; the marked cell is predicted)</caption>
        <thead>
          <tr>
            <td />
            {items.map((item) => (
              <th key={item} scope="col">
                {item}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {users.map((user, u) => (
            <tr key={user}>
              <th scope="row">{user}</th>
              {items.map((item, i) => {
                const isTarget = u === target.user && i === target.item;
                return (
                  <td key={item} className={isTarget ? 'target-cell' : undefined}>
                    <NumberField
                      label={`${user}, ${item} rating${isTarget ? ' (to predict)' : ''}`}
                      value={values[u]?.[i] ?? ''}
                      onChange={(x) => set(u, i, x)}
                      allowEmpty
                      placeholder={isTarget ? '?' : '—'}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
