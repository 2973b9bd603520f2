namespace Ledger.Cli.Configuration;

/// <summary>How to find the user databases (docs/configuration.md): a query plus a path template, or a glob.</summary>
public sealed record UsersConfig
{
    /// <summary>SQL run on the system database after its steps, returning one column of user names.</summary>
    public string? Query { get; set; }

    /// <summary>Path template with <c>{user}</c>, used with <see cref="Query"/>.</summary>
    public string? Path { get; set; }

    /// <summary>Glob such as <c>data/users/*.db</c>; the user name is the file name stem.</summary>
    public string? Glob { get; set; }

    /// <summary>Create a database for a user returned by the query whose file does not exist.</summary>
    public bool CreateMissing { get; set; }

    /// <summary>
    /// Follow a symbolic link at a user database's path that leads out of the users' folder (the folder of
    /// <see cref="Path"/> or <see cref="Glob"/>), and create a missing database through a link that leads nowhere.
    /// Off by default: such a user is refused.
    /// </summary>
    public bool AllowSymlinksOutside { get; set; }
}
