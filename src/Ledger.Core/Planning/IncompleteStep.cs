using Ledger.Diagnostics;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Planning;

/// <summary>
/// A no-transaction block that was started on a database and has not finished: its journal row is <c>started</c>.
/// Either another run is still running it, or the run was interrupted (killed, a failed statement) and the database is
/// incomplete: part of the block's statements may have run. <c>apply</c>, <c>rollback</c>, <c>verify</c> and
/// <c>status</c> report it and change nothing until <c>apply --resume</c> runs the block again from its first statement.
/// </summary>
/// <param name="Row">The <c>started</c> row.</param>
/// <param name="Block">The ledger's block that was running (the up block, or the down block of a rollback), when the ledger has it.</param>
/// <param name="Number">The statement that was running, counted from 1 (0 when unknown).</param>
/// <param name="Count">How many statements the block has (0 when the ledger has no such block).</param>
/// <param name="Statement">The statement that was running, when the ledger's block has one of that number.</param>
public sealed record IncompleteStep(JournalEntry Row, MigrationBlock? Block, int Number, int Count, SqlStatement? Statement)
{
    /// <summary>True when it was a rollback (the step's down block) that did not finish.</summary>
    public bool Down => Row.RunningStatement.Down;

    /// <summary>The edge, <c>1.0.0→1.1.0</c> as recorded (going up; a rollback ran its down block).</summary>
    public string Edge => $"{Row.From}→{Row.To}";

    /// <summary>Where the running statement is in the ledger, when known.</summary>
    public SourceLocation? Location => Statement is null || Block is null ? null : Block.LocationOf(Statement);

    /// <summary>
    /// What was found: which of a step's blocks had started, when, and which statement was running. The engine's
    /// splitter numbers the statements as the run did.
    /// </summary>
    public static IncompleteStep Of(JournalEntry row, MigrationSet set, string scope, IStatementSplitter? splitter)
    {
        (int number, bool down) = row.RunningStatement;
        MigrationStep? step = row.FromVersion is { } from && set.IndexOf(from) is int i and >= 0 && i < set.Steps.Count && set.Steps[i].To == row.ToVersion
            ? set.Steps[i]
            : null;
        MigrationBlock? block = step is null ? null : (down ? step.Down : step.Up).GetValueOrDefault(scope);
        IReadOnlyList<SqlStatement> statements = block?.StatementsBy(splitter) ?? [];
        SqlStatement? running = number >= 1 && number <= statements.Count ? statements[number - 1] : null;
        return new IncompleteStep(row, block, number, statements.Count, running);
    }

    /// <summary>One line for people: the edge, what was running, and what to do.</summary>
    public string Describe()
    {
        string what = Down ? $"the rollback of step {Edge} (its down block)" : $"step {Edge}";
        string running = Statement is null
            ? Number > 0 ? $"statement {Number} was running" : "no statement had started"
            : $"statement {Number} of {Count} was running: {SqlScript.Abbreviate(Statement.Text)} at {Location!.Path}:{Location.Line}";
        string todo = Down
            ? "run 'ledger apply --resume' to run the step's up block again from its first statement and record the step, then roll back again"
            : "run 'ledger apply --resume' to run its block again from its first statement";
        return $"incomplete: {what} was started at {Row.AppliedAt} outside a transaction and has not finished ({running}); " +
               $"unless another run is still running it, {todo} (its statements should be idempotent), or finish it by hand and " +
               "record it in the history table (see 'no-transaction blocks' in docs/apply.md)";
    }
}
