namespace Ledger.Sqlite.Targets;

/// <summary>
/// What may be found in the folder of the user databases (a path template's fixed folder, or a glob's folder), beyond
/// the rule for names: where symbolic links may lead, and where backups are kept (never a user database).
/// </summary>
public sealed record UserFolderRules
{
    /// <summary>The defaults: links stay inside the folder, backups in <c>.ledger-backups</c> beside each database.</summary>
    public static UserFolderRules Default { get; } = new();

    /// <summary>
    /// Follow a symbolic link that leads out of the users' folder (and create a missing database through a dangling
    /// link). Off by default: a link planted in the folder would otherwise let a run change, or create, a file anywhere
    /// the tool may write.
    /// </summary>
    public bool AllowSymlinksOutside { get; init; }

    /// <summary>The set's scope, for messages (its setting is <c>users.allowSymlinksOutside</c> for <c>user</c>, <c>scopes.NAME.allowSymlinksOutside</c> otherwise).</summary>
    public string Scope { get; init; } = Model.Scopes.User;

    /// <summary>The folder as messages call it.</summary>
    internal string FolderWords => Scope == Model.Scopes.User ? "the users' folder" : $"the folder of the {Scope} databases";

    /// <summary>The setting that allows links out of the folder, as messages name it.</summary>
    internal string LinkSetting => Scope == Model.Scopes.User ? "users.allowSymlinksOutside" : $"scopes.{Scope}.allowSymlinksOutside";

    /// <summary>The backup folder as configured, or null for the default <c>.ledger-backups</c> beside each database.</summary>
    public string? BackupDirectory { get; init; }
}
