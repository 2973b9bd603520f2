using System.Text.RegularExpressions;
using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sql;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Linting.Replay;

/// <summary>One step's up block as the replay ran it: the schema before and after, and what each statement touched.</summary>
/// <param name="Scope">The scope replayed.</param>
/// <param name="Step">The step.</param>
/// <param name="Block">Its up block in <paramref name="Scope"/>.</param>
/// <param name="Before">The schema before the block.</param>
/// <param name="After">The schema after it (committed).</param>
/// <param name="Effects">What each statement of the block touched, in order.</param>
/// <param name="Connection">The replay database after the step, with rows in its tables; a check may run statements in a savepoint it rolls back.</param>
internal sealed record ReplayedStep(string Scope, MigrationStep Step, MigrationBlock Block, SchemaSnapshot Before, SchemaSnapshot After,
    IReadOnlyList<StatementEffects> Effects, SqliteConnection Connection);

/// <summary>
/// The schema diff of one step, rebuild-aware (LDG020 data lost, LDG048–LDG051): compares the schema before and after
/// the step, recognising a table rebuild (new table, copy, drop, rename) as one change of one table.
/// </summary>
/// <remarks>
/// Each table of the schema before the step is followed through the step's statements (<see cref="Lineage"/>): renamed
/// (<c>ALTER TABLE … RENAME TO</c>), dropped, or left under its name. A table dropped while a table of its name exists
/// after the step was rebuilt (or replaced): that table is compared with it as one table, whether the step created the
/// new table under a temporary name and renamed it, or renamed the old one away first. A column's values count as
/// copied when a statement that writes (inserts, updates, creates a table) read that column before it was removed, as
/// SQLite's authorizer reported it (<see cref="EffectsRecorder"/>), into a table whose rows outlast the step: values
/// copied into a <c>TEMP</c> table or a table the step drops later count only when a later statement copies them out of
/// it again (<c>Keeps</c>), as SQLite's documented drop-column recipe through a <c>TEMP</c> backup table does. Tables are derived (<see cref="TableShape"/>) only
/// when the step changed them.
/// </remarks>
internal static partial class StepChanges
{
    /// <summary>Every finding of <paramref name="step"/>'s schema diff.</summary>
    public static void Report(ReplayedStep step, LintContext context)
    {
        // The replay reached the block: its data loss is judged here (LDG020), not by the static rule.
        context.Judged(step.Block);

        // Only a dropped or altered table can lose anything or leave a reference dangling, and only a view or trigger
        // the step created can name what was never there.
        if (!step.Effects.Any(e => e.DroppedTables.Count > 0 || e.AlteredTables.Count > 0 || e.CreatedViewsAndTriggers.Count > 0)) return;

        using var scratch = new ScratchDatabase();
        var diff = new Diff(step, scratch);
        foreach (Diagnostic finding in diff.Findings())
        {
            context.Report(finding);
        }
    }

    private enum AlterKind
    {
        RenameTable,
        RenameColumn,
        DropColumn,
        AddColumn,
        Other,
    }

    /// <summary>An <c>ALTER TABLE</c> of statement <paramref name="At"/>, as its words say.</summary>
    private sealed record Alter(int At, AlterKind Kind, string Table, string? From, string? To)
    {
        public static Alter? Parse(int at, SqlStatement statement)
        {
            if (statement.Keyword(0) != "ALTER" || statement.Keyword(1) != "TABLE") return null;
            SqlStatement whole = statement.Whole();
            string table = whole.NameAt(2).Name;
            int i = whole.Word(3) == "." ? 5 : 3;
            switch (whole.Keyword(i))
            {
                case "RENAME" when whole.Keyword(i + 1) == "TO":
                    return new Alter(at, AlterKind.RenameTable, table, table, whole.Word(i + 2));
                case "RENAME":
                {
                    int c = whole.Keyword(i + 1) == "COLUMN" ? i + 2 : i + 1;
                    return new Alter(at, AlterKind.RenameColumn, table, whole.Word(c), whole.Keyword(c + 1) == "TO" ? whole.Word(c + 2) : null);
                }

                case "DROP":
                    return new Alter(at, AlterKind.DropColumn, table, whole.Word(whole.Keyword(i + 1) == "COLUMN" ? i + 2 : i + 1), null);
                case "ADD":
                    return new Alter(at, AlterKind.AddColumn, table, null, null);
                default:
                    return new Alter(at, AlterKind.Other, table, null, null);
            }
        }
    }

    /// <summary>What became of one table of the schema before the step, statement by statement.</summary>
    private sealed class Lineage
    {
        public required SchemaObject Table { get; init; }

        /// <summary>Its name while each statement ran (null once dropped).</summary>
        public required string?[] NameAt { get; init; }

        /// <summary>The statement that dropped it, or null.</summary>
        public int? DroppedAt { get; init; }

        /// <summary>The statement that first renamed it, or null.</summary>
        public int? RenamedAt { get; init; }

        /// <summary>Its name after the step, when it was not dropped.</summary>
        public string? Final { get; init; }

        public string Name => Table.Name;
    }

    /// <summary>Something the step removed or renamed that a view or trigger may still name.</summary>
    private sealed record Removal(string Table, string? Column, int? At, string How)
    {
        public string Name => Column ?? Table;

        public string Describe() => Column is null ? $"table {Table}, which the step {How}" : $"column {Table}.{Column}, which the step {How}";
    }

    private sealed partial class Diff(ReplayedStep step, ScratchDatabase scratch)
    {
        private readonly IReadOnlyList<StatementEffects> _effects = step.Effects;
        private readonly List<Alter> _alters = [.. step.Effects.Select((e, i) => e.AlteredTables.Count > 0 ? Alter.Parse(i, e.Statement) : null).OfType<Alter>()];
        private readonly List<Diagnostic> _findings = [];
        private readonly List<Removal> _removed = [];
        private Dictionary<string, Lineage> _lineages = new(StringComparer.OrdinalIgnoreCase);

        public List<Diagnostic> Findings()
        {
            // Only a table some statement dropped, altered or renamed to can have moved; another one is still itself,
            // and needs a look only when its SQL changed (SQLite rewrites a foreign key's parent when the parent is renamed).
            var touched = new HashSet<string>(_effects.SelectMany(e => e.DroppedTables.Concat(e.AlteredTables)), StringComparer.OrdinalIgnoreCase);
            touched.UnionWith(_alters.Select(a => a.To).OfType<string>());
            _lineages = step.Before.Tables.Where(t => touched.Contains(t.Name) || step.After.Table(t.Name) is not { } same || !string.Equals(same.Sql, t.Sql, StringComparison.Ordinal))
                .Select(Trace).ToDictionary(l => l.Name, StringComparer.OrdinalIgnoreCase);
            var claimed = new HashSet<string>(_lineages.Values.Where(l => l.Final is not null).Select(l => l.Final!), StringComparer.OrdinalIgnoreCase);
            bool tablesMoved = _lineages.Values.Any(l => l.DroppedAt is not null || l.RenamedAt is not null);
            foreach (Lineage lineage in _lineages.Values.OrderBy(l => l.DroppedAt ?? l.RenamedAt ?? int.MaxValue).ThenBy(l => l.Name, StringComparer.Ordinal))
            {
                if (lineage.DroppedAt is int dropped)
                {
                    SchemaObject? replacement = step.After.Table(lineage.Name) is { } t && !claimed.Contains(t.Name) ? t : null;
                    Dropped(lineage, dropped, replacement);
                }
                else
                {
                    Kept(lineage, tablesMoved);
                }
            }

            Dangling();
            CreatedDangling();
            return _findings;
        }

        private Lineage Trace(SchemaObject table)
        {
            var names = new string?[_effects.Count];
            string current = table.Name;
            int? renamed = null;
            for (int i = 0; i < _effects.Count; i++)
            {
                names[i] = current;
                if (_effects[i].DroppedTables.Contains(current))
                {
                    return new Lineage { Table = table, NameAt = names, DroppedAt = i, RenamedAt = renamed };
                }

                if (_alters.FirstOrDefault(a => a.At == i && a.Kind == AlterKind.RenameTable && Same(a.Table, current)) is { To: string to })
                {
                    current = to;
                    renamed ??= i;
                }
            }

            return new Lineage { Table = table, NameAt = names, RenamedAt = renamed, Final = step.After.Table(current)?.Name ?? current };
        }

        /// <summary>A table the step dropped: rows lost, and, when a table of its name replaces it, what that one lost.</summary>
        private void Dropped(Lineage lineage, int at, SchemaObject? replacement)
        {
            TableShape? before = step.Before.Shape(lineage.Name, scratch);
            TableShape? after = replacement is null ? null : step.After.Shape(replacement.Name, scratch);
            string drop = $"DROP TABLE {_effects[at].Statement.NameAt(2).Name}";
            SourceLocation where = _effects[at].Location;

            List<string> columns = before is null ? [] : [.. before.Columns.Where(c => c.Hidden == 0).Select(c => c.Name)];
            List<string> lost = [.. columns.Where(c => !Copied(lineage, _ => c, at, tableGone: true))];
            bool nothingCopied = before is null ? !AnythingCopied(lineage, at) : lost.Count == columns.Count;
            if (nothingCopied)
            {
                Report(RuleCatalog.DestructiveStatement, where, replacement is null
                    ? $"{drop} deletes the table and its rows, and no statement of the step copied them anywhere; make sure nothing still needs them"
                    : $"{drop} deletes the rows of {lineage.Name}, and no statement of the step copied them into the {replacement.Name} created in its place or anywhere else; " +
                      $"copy them first (INSERT INTO … SELECT … FROM {_effects[at].Statement.NameAt(2).Name})");
            }
            else
            {
                if (lost.Count > 0)
                {
                    string what = lost.Count == 1 ? $"column {lineage.Name}.{lost[0]}" : $"columns {string.Join(", ", lost.SkipLast(1).Select(c => $"{lineage.Name}.{c}"))} and {lineage.Name}.{lost[^1]}";
                    Report(RuleCatalog.DestructiveStatement, where, replacement is null
                        ? $"{drop} deletes {what}, whose values no statement of the step copied anywhere; copy them first if anything still needs them"
                        : $"the rebuild of {lineage.Name} loses the values of {what}: no statement of the step copied them before {drop}; " +
                          "copy them into the new table (or elsewhere) if anything still needs them");
                }
            }

            // A rebuild that renamed the old table away first (ALTER TABLE t RENAME TO t_old) made SQLite rewrite the
            // views and triggers that named t to name t_old, which the step then dropped.
            foreach (string alias in lineage.NameAt.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Where(n => !Same(n, lineage.Name)))
            {
                if (step.After.Table(alias) is null)
                {
                    _removed.Add(new Removal(alias, null, at, $"dropped (renaming {lineage.Name} to {alias} made SQLite point the references to {lineage.Name} at {alias})"));
                }
            }

            if (replacement is null)
            {
                _removed.Add(new Removal(lineage.Name, null, at, "dropped"));
                return;
            }

            foreach (ColumnShape column in before?.Columns ?? [])
            {
                if (after?.Column(column.Name) is null) _removed.Add(new Removal(lineage.Name, column.Name, at, $"left out of the rebuilt {lineage.Name}"));
            }

            string rebuild = $"the rebuild of {lineage.Name}";
            LostIndexes(lineage, before, after, rebuild, where, $"dropping the old table dropped it, and the step does not create it again on the new {replacement.Name}");
            LostTriggers(lineage, replacement.Name, rebuild, where, $"dropping the old table dropped it, and the step does not create it again on the new {replacement.Name}");
            LostForeignKeys(lineage, before, after, rebuild, where);
            RenamedByCopy(lineage, before, after, at);
        }

        /// <summary>A table that is still there after the step, under its name or another.</summary>
        private void Kept(Lineage lineage, bool tablesMoved)
        {
            string final = lineage.Final!;
            if (lineage.RenamedAt is int renamed && !Same(final, lineage.Name))
            {
                Report(RuleCatalog.RenameWhileDeployed, _effects[renamed].Location,
                    $"table {lineage.Name} is renamed to {final}: the version of the app still running during the deploy still uses {lineage.Name}, " +
                    "and its queries fail until the new version replaces it; keep the old name until no running version uses it " +
                    "(create the new table beside it and copy, or deploy with the app stopped)");
                _removed.Add(new Removal(lineage.Name, null, renamed, $"renamed to {final}"));
            }

            SchemaObject? after = step.After.Table(final);
            if (after is null) return;
            List<Alter> own = [.. _alters.Where(a => lineage.NameAt[a.At] is string name && Same(a.Table, name))];
            // A column dropped and added again leaves the same SQL, and has lost its values all the same.
            bool altered = own.Any(a => a.Kind is AlterKind.DropColumn or AlterKind.RenameColumn or AlterKind.Other);
            if (!altered && SchemaSnapshot.Normalize(after.Sql) == SchemaSnapshot.Normalize(lineage.Table.Sql) && !IndexesChanged(lineage.Name, final)) return;
            if (!tablesMoved && own.All(a => a.Kind == AlterKind.AddColumn)) return; // adding a column loses nothing

            TableShape? beforeShape = step.Before.Shape(lineage.Name, scratch);
            TableShape? afterShape = step.After.Shape(final, scratch);
            if (beforeShape is null || afterShape is null) return;

            SourceLocation where = own.Count > 0 ? _effects[own[0].At].Location : step.Block.Start;
            var renamedColumns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (ColumnShape column in beforeShape.Columns)
            {
                // The column's name while each statement ran: RENAME COLUMN changes it.
                var names = new string?[_effects.Count];
                string name = column.Name;
                int? droppedAt = null;
                for (int i = 0; i < _effects.Count && droppedAt is null; i++)
                {
                    names[i] = name;
                    foreach (Alter a in own.Where(a => a.At == i && Same(a.From, name)))
                    {
                        if (a.Kind == AlterKind.RenameColumn && a.To is string to)
                        {
                            Report(RuleCatalog.RenameWhileDeployed, _effects[i].Location,
                                $"column {lineage.Name}.{name} is renamed to {to}: the version of the app still running during the deploy still reads and writes {name}, " +
                                "and fails until the new version replaces it; add the new column and copy the values, and drop the old one in a later release");
                            _removed.Add(new Removal(final, name, i, $"renamed to {to}"));
                            name = to;
                        }
                        else if (a.Kind == AlterKind.DropColumn)
                        {
                            droppedAt = i;
                        }
                    }
                }

                if (!Same(name, column.Name)) renamedColumns[column.Name] = name;
                // A column dropped loses its values even when the step adds one of the same name again.
                if (droppedAt is null && afterShape.Column(name) is not null) continue;
                int at = droppedAt ?? (own.Count > 0 ? own[^1].At : _effects.Count - 1);
                if (afterShape.Column(name) is null) _removed.Add(new Removal(final, name, droppedAt, "dropped"));
                if (column.Hidden == 0 && !Copied(lineage, i => names[i], at, tableGone: false))
                {
                    Report(RuleCatalog.DestructiveStatement, droppedAt is int d ? _effects[d].Location : where,
                        $"ALTER TABLE {final} DROP COLUMN {name} deletes the column's values, and no statement of the step copied them anywhere; copy them first if anything still needs them");
                }
            }

            LostIndexes(lineage, beforeShape, afterShape, $"the step's change of {final}", where, "no statement of the step drops it", renamedColumns);
            LostTriggers(lineage, final, $"the step's change of {final}", where, "no statement of the step drops it");
            LostForeignKeys(lineage, beforeShape, afterShape, $"the step's change of {final}", where, renamedColumns);
        }

        private bool IndexesChanged(string before, string after) =>
            !step.Before.IndexesOf(before).Select(i => i.Name).Order(StringComparer.OrdinalIgnoreCase)
                .SequenceEqual(step.After.IndexesOf(after).Select(i => i.Name).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);

        private void LostIndexes(Lineage lineage, TableShape? before, TableShape? after, string change, SourceLocation where, string why,
            IReadOnlyDictionary<string, string>? renamed = null)
        {
            if (before is null || after is null) return;
            List<string> primaryKey = [.. after.Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).Select(c => c.Name)];
            foreach (IndexShape old in before.Indexes)
            {
                if (_effects.Any(e => e.DroppedIndexes.Contains(old.Name))) continue; // dropped on purpose
                // Compared under the columns' names after the step; a column the step removed matches any column.
                IndexShape index = old with { Columns = [.. old.Columns.Select(c => renamed?.GetValueOrDefault(c) ?? c)] };
                bool[] gone = [.. index.Columns.Select(c => !c.StartsWith('(') && after.Column(c) is null)];
                bool Matches(IReadOnlyList<string> columns) =>
                    columns.Count == index.Columns.Count && columns.Select((c, i) => gone[i] || Same(c, index.Columns[i])).All(m => m);
                if (after.Indexes.Any(i => (index.Origin == "c" && i.Origin == "c" && Same(i.Name, index.Name))
                                           || (Matches(i.Columns) && (i.Unique || !index.Unique) && (!i.Partial || index.Partial))))
                {
                    continue;
                }

                // A table's INTEGER PRIMARY KEY is its rowid and has no index: it is still the key. And a new table that
                // declares another primary key changed it on purpose.
                if (Matches(primaryKey) || (index.Origin == "pk" && primaryKey.Count > 0)) continue;
                string fix = index.Sql.Length > 0
                    ? $"recreate it after the change: {SqlScript.Abbreviate(index.Sql, 100)}"
                    : $"declare it in the new table ({(index.Origin == "pk" ? "PRIMARY KEY" : "UNIQUE")} ({string.Join(", ", index.Columns)}))";
                Report(RuleCatalog.RebuildLostObject, where, $"{change} loses {old.Describe(lineage.Name)}: {why}; {fix}");
            }
        }

        private void LostTriggers(Lineage lineage, string now, string change, SourceLocation where, string why)
        {
            foreach (SchemaObject trigger in step.Before.TriggersOf(lineage.Name))
            {
                // DROP TABLE reports the drop of its table's triggers too: only a statement that drops no table drops one on purpose.
                if (_effects.Any(e => e.DroppedTables.Count == 0 && e.DroppedTriggers.Contains(trigger.Name))) continue;
                if (step.After.TriggersOf(now).Any(t => Same(t.Name, trigger.Name))) continue;
                Report(RuleCatalog.RebuildLostObject, where,
                    $"{change} loses trigger {trigger.Name} (on {lineage.Name}): {why}; recreate it after the change: {SqlScript.Abbreviate(trigger.Sql, 100)}");
            }
        }

        private void LostForeignKeys(Lineage lineage, TableShape? before, TableShape? after, string change, SourceLocation where,
            IReadOnlyDictionary<string, string>? renamed = null)
        {
            if (before is null || after is null) return;
            foreach (ForeignKeyShape key in before.ForeignKeys)
            {
                List<string> columns = [.. key.Columns.Select(c => renamed?.GetValueOrDefault(c) ?? c)];
                // The same columns still refer to a table that exists: the step kept the key, or pointed it elsewhere on purpose.
                ForeignKeyShape? now = after.ForeignKeys.FirstOrDefault(k => k.Columns.SequenceEqual(columns, StringComparer.OrdinalIgnoreCase));
                if (now is not null && (Same(now.Parent, ParentAfter(key.Parent)) || step.After.Table(now.Parent) is not null)) continue;
                // The key's columns are gone from the table: the key went with them. Whether their values were kept (moved
                // to another table, which declares its own keys) or lost is LDG020's finding, not a dropped key.
                if (now is null && columns.Any(c => after.Column(c) is null)) continue;
                SourceLocation at = where;
                if (now is not null && _alters.FirstOrDefault(a => a.Kind == AlterKind.RenameTable && Same(a.To, now.Parent)) is { } rename) at = _effects[rename.At].Location;
                Report(RuleCatalog.ForeignKeyDropped, at,
                    $"{change} drops the foreign key {lineage.Name} {key}" +
                    (now is null ? "" : $" (it now refers to {now.Parent}, which does not exist)") +
                    $": SQLite no longer stops rows of {lineage.Name} that refer to a missing {key.Parent} row; declare it again in the table, unless it was meant to go");
            }
        }

        /// <summary>
        /// A rebuild that copies old column x into new column y (<c>INSERT INTO new (…, y, …) SELECT …, x, … FROM old</c>),
        /// x gone and y new: a column rename (LDG050). Only a copy whose lists are plain column names is read.
        /// </summary>
        private void RenamedByCopy(Lineage lineage, TableShape? before, TableShape? after, int droppedAt)
        {
            if (before is null || after is null) return;
            for (int i = 0; i < droppedAt; i++)
            {
                if (_effects[i].Inserts.Count == 0 || lineage.NameAt[i] is not string old || !_effects[i].Reads.Any(r => Same(r.Table, old))) continue;
                if (ParseCopy(_effects[i].Statement) is not { } pairs) continue;
                foreach ((string into, string from) in pairs)
                {
                    if (Same(into, from) || before.Column(from) is null || after.Column(from) is not null || after.Column(into) is null || before.Column(into) is not null) continue;
                    Report(RuleCatalog.RenameWhileDeployed, _effects[i].Location,
                        $"column {lineage.Name}.{from} is renamed to {into} by the rebuild: the version of the app still running during the deploy still reads and writes {from}, " +
                        "and fails until the new version replaces it; add the new column and copy the values, and drop the old one in a later release");
                    _removed.Add(new Removal(lineage.Name, from, i, $"renamed to {into}"));
                }
            }
        }

        /// <summary>The (inserted column, selected column) pairs of <c>INSERT INTO t (a, b) SELECT x, y FROM …</c>, or null when not that simple.</summary>
        private static List<(string Into, string From)>? ParseCopy(SqlStatement statement)
        {
            IReadOnlyList<string> w = statement.Whole().Words;
            int i = 0;
            if (!Is(w, i++, "INSERT")) return null;
            while (i < w.Count && !Is(w, i, "INTO")) i++;
            i++;
            if (i + 1 < w.Count && w[i + 1] == ".") i += 2;
            i++;
            if (!Is(w, i++, "(")) return null;
            var into = new List<string>();
            while (i < w.Count && w[i] != ")")
            {
                if (w[i] != ",") into.Add(w[i]);
                i++;
            }

            i++;
            if (!Is(w, i++, "SELECT")) return null;
            var from = new List<string>();
            var item = new List<string>();
            for (; i < w.Count && !Is(w, i, "FROM"); i++)
            {
                if (w[i] == ",")
                {
                    from.Add(Plain(item) ?? "");
                    item.Clear();
                }
                else
                {
                    item.Add(w[i]);
                }
            }

            from.Add(Plain(item) ?? "");
            return into.Count == from.Count && into.Count > 0 ? [.. into.Zip(from).Where(p => p.Second.Length > 0)] : null;

            static string? Plain(List<string> item) => item.Count switch
            {
                1 when IsName(item[0]) => item[0],
                3 when item[1] == "." && IsName(item[2]) => item[2],
                _ => null,
            };

            static bool IsName(string word) => word.Length > 0 && (char.IsLetter(word[0]) || word[0] == '_') && !Is([word], 0, "DISTINCT") && !Is([word], 0, "ALL");
        }

        private static bool Is(IReadOnlyList<string> words, int i, string keyword) => i < words.Count && words[i].Equals(keyword, StringComparison.OrdinalIgnoreCase);

        /// <summary>The name after the step of a table named <paramref name="table"/> before it.</summary>
        private string ParentAfter(string table) => _lineages.GetValueOrDefault(table) is { Final: string final } ? final : table;

        /// <summary>
        /// True when a statement before <paramref name="before"/> that writes read the column (named <paramref name="columnAt"/>
        /// at each statement) of the table, and what it wrote outlasts the step (<see cref="Keeps"/>).
        /// </summary>
        private bool Copied(Lineage lineage, Func<int, string?> columnAt, int before, bool tableGone)
        {
            for (int i = 0; i < before; i++)
            {
                if (lineage.NameAt[i] is not string name || columnAt(i) is not string column || !_effects[i].Reads.Contains((name, column))) continue;
                StatementEffects e = _effects[i];
                bool writesElsewhere = e.Inserts.Any(t => (!tableGone || !Same(t, name)) && Keeps(t, i)) || e.CreatedTables.Any(t => Keeps(t, i))
                                       || e.Updates.Any(u => (!Same(u.Table, name) || (!tableGone && !Same(u.Column, column))) && Keeps(u.Table, i));
                if (writesElsewhere) return true;
            }

            return false;
        }

        private bool AnythingCopied(Lineage lineage, int before)
        {
            for (int i = 0; i < before; i++)
            {
                if (lineage.NameAt[i] is not string name || !_effects[i].Reads.Any(r => Same(r.Table, name))) continue;
                StatementEffects e = _effects[i];
                if (Writes(e).Any(t => !Same(t, name) && Keeps(t, i))) return true;
            }

            return false;
        }

        /// <summary>
        /// True when the rows statement <paramref name="at"/> wrote into <paramref name="table"/> outlast the step: the
        /// table is not transient (a <c>TEMP</c> table, gone when apply's connection closes, or a table a later statement
        /// of the step drops), or a later statement copies from it into a table whose rows do (SQLite's own drop-column
        /// recipe: back the rows up in a TEMP table, recreate the table, copy them back). Followed table by table: any
        /// column read from the transient table counts.
        /// </summary>
        private bool Keeps(string table, int at, int depth = 0)
        {
            bool transient = _effects[at].Temporary.Contains(table) || _effects.Skip(at + 1).Any(e => e.DroppedTables.Contains(table));
            if (!transient) return true;
            if (depth >= _effects.Count) return false;
            for (int j = at + 1; j < _effects.Count; j++)
            {
                if (_effects[j].Reads.Any(r => Same(r.Table, table)) && Writes(_effects[j]).Any(t => !Same(t, table) && Keeps(t, j, depth + 1))) return true;
            }

            return false;
        }

        /// <summary>The tables a statement writes: inserts into, updates, or creates (<c>CREATE TABLE … AS SELECT</c>).</summary>
        private static IEnumerable<string> Writes(StatementEffects e) => e.Inserts.Concat(e.CreatedTables).Concat(e.Updates.Select(u => u.Table));

        /// <summary>LDG049: a view or trigger that names something the step removed and that SQLite can no longer compile.</summary>
        private void Dangling()
        {
            if (_removed.Count == 0) return;
            // A view or trigger the step created is judged at its CREATE statement (CreatedDangling).
            var candidates = step.After.ViewsAndTriggers.Where(o => !CreatedInStep(o.Name))
                .Select(o => (Object: o, Names: _removed.Where(r => MentionsWord(o.Sql, r.Name)).ToList()))
                .Where(c => c.Names.Count > 0).ToList();
            foreach ((SchemaObject view, List<Removal> names) in candidates.Where(c => c.Object.Type == "view"))
            {
                if (CompileError($"SELECT * FROM {SqliteSchema.Quote(view.Name)}") is string error && Culprit(error, names) is Removal removal)
                {
                    Report(RuleCatalog.DanglingReference, LocationOf(removal),
                        $"view {view.Name} refers to {removal.Describe()}: every query of the view now fails ({error}), and so would a later ALTER TABLE … RENAME; " +
                        "drop the view in the step, or create it again to match");
                }
            }

            foreach (var onTable in candidates.Where(c => c.Object.Type == "trigger").GroupBy(c => c.Object.Table, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var byEvent in onTable.GroupBy(c => TriggerEvent(c.Object.Sql)))
                {
                    if (byEvent.Key is not string write || FiringStatement(write, onTable.Key) is not string statement) continue;
                    if (CompileError(statement) is not string error) continue;
                    foreach ((SchemaObject trigger, List<Removal> names) in byEvent)
                    {
                        if (Culprit(error, names) is not Removal removal) continue;
                        Report(RuleCatalog.DanglingReference, LocationOf(removal),
                            $"trigger {trigger.Name} (on {trigger.Table}) refers to {removal.Describe()}: the next {write} on {trigger.Table} would fail ({error}); " +
                            "drop the trigger in the step, or create it again to match");
                    }
                }
            }
        }

        private bool CreatedInStep(string name) => _effects.Any(e => e.CreatedViewsAndTriggers.Contains(name));

        /// <summary>
        /// LDG049 at the statement that creates it: a view or trigger the step created that names a table or column that
        /// does not exist after the step (SQLite accepts both, and fails only when the view is queried or the trigger fires).
        /// </summary>
        private void CreatedDangling()
        {
            for (int i = 0; i < _effects.Count; i++)
            {
                foreach (string name in _effects[i].CreatedViewsAndTriggers)
                {
                    // Created again later in the step: judged there; dropped again: nothing left to judge.
                    if (_effects.Skip(i + 1).Any(e => e.CreatedViewsAndTriggers.Contains(name))) continue;
                    if (step.After.ViewsAndTriggers.FirstOrDefault(o => Same(o.Name, name)) is not SchemaObject created) continue;
                    string? write = created.Type == "trigger" ? TriggerEvent(created.Sql) : null;
                    string? probe = created.Type == "view" ? $"SELECT * FROM {SqliteSchema.Quote(created.Name)}"
                        : write is null ? null : FiringStatement(write, created.Table);
                    if (probe is null || CompileError(probe) is not string error || NoSuch().Match(error) is not { Success: true } m) continue;
                    string missing = m.Groups["name"].Value;
                    missing = missing[(missing.LastIndexOf('.') + 1)..];
                    // The error may come from another trigger the same write fires: only one that names it is the culprit.
                    if (!MentionsWord(created.Sql, missing)) continue;
                    string what = $"{m.Groups["kind"].Value} {missing}, which does not exist after the step";
                    Report(RuleCatalog.DanglingReference, _effects[i].Location, created.Type == "view"
                        ? $"view {created.Name} refers to {what}: every query of the view fails ({error}); create the {m.Groups["kind"].Value} first, or fix the view"
                        : $"trigger {created.Name} (on {created.Table}) refers to {what}: the next {write} on {created.Table} would fail ({error}); " +
                          $"create the {m.Groups["kind"].Value} first, or fix the trigger");
                }
            }
        }

        private SourceLocation LocationOf(Removal removal) => removal.At is int at ? _effects[at].Location : step.Block.Start;

        /// <summary>The removal a "no such table/column" error names, among those the object mentions.</summary>
        private static Removal? Culprit(string error, List<Removal> names)
        {
            Match m = NoSuch().Match(error);
            if (!m.Success) return null;
            string missing = m.Groups["name"].Value;
            missing = missing[(missing.LastIndexOf('.') + 1)..];
            return names.FirstOrDefault(r => m.Groups["kind"].Value == "table" ? r.Column is null && Same(r.Table, missing) : r.Column is not null && Same(r.Column, missing));
        }

        /// <summary>
        /// SQLite's error when it prepares <paramref name="sql"/> on the replay database, or null. Preparing a write compiles
        /// the triggers it fires, so a trigger that names a missing table or column fails here; nothing runs.
        /// </summary>
        private string? CompileError(string sql)
        {
            using SqliteCommand command = step.Connection.CreateCommand();
            command.CommandText = sql;
            try
            {
                command.Prepare();
                return null;
            }
            catch (SqliteException ex)
            {
                return SqliteMessage.Of(ex);
            }
        }

        /// <summary>A statement that fires the <paramref name="write"/> triggers of <paramref name="table"/>.</summary>
        private string? FiringStatement(string write, string table)
        {
            string quoted = SqliteSchema.Quote(table);
            switch (write)
            {
                case "INSERT":
                    return $"INSERT INTO {quoted} DEFAULT VALUES";
                case "DELETE":
                    return $"DELETE FROM {quoted}";
                default:
                    using (SqliteCommand command = step.Connection.CreateCommand())
                    {
                        command.CommandText = "SELECT name FROM pragma_table_info($t)";
                        command.Parameters.AddWithValue("$t", table);
                        var set = new List<string>();
                        try
                        {
                            using SqliteDataReader reader = command.ExecuteReader();
                            while (reader.Read()) set.Add($"{SqliteSchema.Quote(reader.GetString(0))} = {SqliteSchema.Quote(reader.GetString(0))}");
                        }
                        catch (SqliteException)
                        {
                            return null;
                        }

                        return set.Count == 0 ? null : $"UPDATE {quoted} SET {string.Join(", ", set)}";
                    }
            }
        }

        private static string? TriggerEvent(string sql) => TriggerHeader().Match(sql) is { Success: true } m ? m.Groups["event"].Value.ToUpperInvariant() : null;

        private static bool MentionsWord(string sql, string name) =>
            sql.Contains(name, StringComparison.OrdinalIgnoreCase) &&
            // Lowered invariantly on both sides, as SQLite folds names; a case-sensitive pattern (see Seeder.Candidates).
            Regex.IsMatch(sql.ToLowerInvariant(), $@"(?<![\w$]){Regex.Escape(name.ToLowerInvariant())}(?![\w$])");

        private void Report(DiagnosticDescriptor descriptor, SourceLocation where, string message)
        {
            Diagnostic finding = descriptor.Create(where, message);
            if (!_findings.Contains(finding)) _findings.Add(finding);
        }

        private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        [GeneratedRegex(@"no such (?<kind>table|column): (?<name>\S+)", RegexOptions.CultureInvariant)]
        private static partial Regex NoSuch();

        [GeneratedRegex("""^\s*CREATE\s+(?:TEMP\w*\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"(?:[^"]|"")*"|\[[^\]]*\]|`[^`]*`|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[\w$]+))?\s+(?:BEFORE\s+|AFTER\s+|INSTEAD\s+OF\s+)?(?<event>DELETE|INSERT|UPDATE)\b""",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
        private static partial Regex TriggerHeader();
    }
}
