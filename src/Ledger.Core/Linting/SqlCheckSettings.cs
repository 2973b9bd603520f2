namespace Ledger.Linting;

/// <summary>
/// What an engine's SQL check (<see cref="IEngineLintRules.CreateSqlCheck"/>) may need from the host's settings: a
/// development database for an engine that cannot replay a ledger in memory. Plain data; the host reads it from its
/// configuration and flags.
/// </summary>
public sealed record SqlCheckSettings
{
    /// <summary>A connection string to a development server the check may create scratch databases on, or null when none is configured.</summary>
    public string? DevDatabase { get; init; }

    /// <summary>Where <see cref="DevDatabase"/> came from (<c>ledger.json: lint.devDatabase</c>, <c>--dev-database</c>), for messages.</summary>
    public string DevDatabaseSetting { get; init; } = "lint.devDatabase";
}
