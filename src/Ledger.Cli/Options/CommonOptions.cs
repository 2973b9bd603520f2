using CommandLine;

namespace Ledger.Cli.Options;

/// <summary>
/// Flags every verb takes (README.md). They have no defaults here: an absent flag leaves the value of
/// <c>ledger.json</c>, or the built-in default, in place (see <see cref="Configuration.ConfigLoader"/>).
/// </summary>
public abstract class CommonOptions
{
    /// <summary>The ledger file.</summary>
    [Option("ledger", MetaValue = "FILE", HelpText = "The ledger file (default: MIGRATIONS.md).")]
    public string? Ledger { get; set; }

    /// <summary>The configuration file.</summary>
    [Option("config", MetaValue = "FILE", HelpText = "Configuration file (default: ledger.json in the working directory, if present).")]
    public string? Config { get; set; }

    /// <summary>The system database.</summary>
    [Option("system", MetaValue = "PATH", HelpText = "The system database.")]
    public string? System { get; set; }

    /// <summary>SQL run on the system database that returns the user names.</summary>
    [Option("users-query", MetaValue = "SQL", HelpText = "SQL run on the system database returning one column of user names.")]
    public string? UsersQuery { get; set; }

    /// <summary>Path template of a user database, with <c>{user}</c>.</summary>
    [Option("users-path", MetaValue = "TEMPLATE", HelpText = "Path of a user database, with {user}, e.g. data/users/{user}.db.")]
    public string? UsersPath { get; set; }

    /// <summary>Glob finding the user databases; the user name is the file name stem.</summary>
    [Option("users-glob", MetaValue = "GLOB", HelpText = "Glob finding the user databases, e.g. data/users/*.db.")]
    public string? UsersGlob { get; set; }

    /// <summary>Follow symbolic links out of the users' folder.</summary>
    [Option("allow-symlinks-outside", HelpText = "Follow a symbolic link at a user database's path that leads out of the users' folder (refused by default).")]
    public bool AllowSymlinksOutside { get; set; }
}
