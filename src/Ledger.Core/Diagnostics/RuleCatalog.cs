namespace Ledger.Diagnostics;

/// <summary>
/// Every rule of Core, registered once; an engine registers its own rules (<see cref="Linting.IEngineLintRules"/>), and
/// <see cref="Linting.RuleSet"/> joins them. docs/lint-rules.md documents each code with a bad and a good example; a
/// test checks that every code here is documented and that no code is registered twice.
/// </summary>
public static class RuleCatalog
{
    /// <summary>A line that looks like a tag but does not follow the grammar.</summary>
    public static readonly DiagnosticDescriptor MalformedTag = new("LDG001", "MalformedTag", Severity.Error, "Line looks like a tag but does not follow the tag grammar", false);

    /// <summary>A tag whose scope is not one Ledger knows.</summary>
    public static readonly DiagnosticDescriptor UnknownScope = new("LDG002", "UnknownScope", Severity.Error, "Unknown scope", false);

    /// <summary>A version that is not SemVer 2.0 nor <c>baseline</c>.</summary>
    public static readonly DiagnosticDescriptor InvalidVersion = new("LDG003", "InvalidVersion", Severity.Error, "Invalid version", false);

    /// <summary>A two-part version such as <c>1.0</c>, read as <c>1.0.0</c>.</summary>
    public static readonly DiagnosticDescriptor TwoPartVersion = new("LDG004", "TwoPartVersion", Severity.Warning, "Two-part version read as MAJOR.MINOR.0", true);

    /// <summary>A documentation example tag with placeholder versions.</summary>
    public static readonly DiagnosticDescriptor PlaceholderTag = new("LDG005", "PlaceholderTag", Severity.Info, "Example tag with placeholder versions; not a step", true);

    /// <summary>A tag that is not inside a fenced code block.</summary>
    public static readonly DiagnosticDescriptor TagOutsideCodeBlock = new("LDG006", "TagOutsideCodeBlock", Severity.Warning, "Tag outside a fenced code block is ignored", true);

    /// <summary>A start tag with no end tag before its code block ends.</summary>
    public static readonly DiagnosticDescriptor StartWithoutEnd = new("LDG007", "StartWithoutEnd", Severity.Error, "Start tag without an end tag", false);

    /// <summary>An end tag with no open block.</summary>
    public static readonly DiagnosticDescriptor EndWithoutStart = new("LDG008", "EndWithoutStart", Severity.Error, "End tag without a start tag", false);

    /// <summary>An end tag that names another scope or other versions than the open block.</summary>
    public static readonly DiagnosticDescriptor MismatchedEnd = new("LDG009", "MismatchedEnd", Severity.Error, "End tag does not match its start tag", false);

    /// <summary>A start tag while another block is still open.</summary>
    public static readonly DiagnosticDescriptor StartInsideBlock = new("LDG010", "StartInsideBlock", Severity.Error, "Start tag inside an open block", false);

    /// <summary>Two blocks for the same scope and edge.</summary>
    public static readonly DiagnosticDescriptor DuplicateEdge = new("LDG011", "DuplicateEdge", Severity.Error, "Duplicate edge", false);

    /// <summary>No step of any scope joins two neighbouring versions.</summary>
    public static readonly DiagnosticDescriptor VersionGap = new("LDG012", "VersionGap", Severity.Error, "Gap in the version line", false);

    /// <summary>An edge that jumps over a version used elsewhere.</summary>
    public static readonly DiagnosticDescriptor SkippedVersion = new("LDG013", "SkippedVersion", Severity.Error, "Edge skips a version of the version line", false);

    /// <summary>A backwards edge that is not the down block of an existing forward edge.</summary>
    public static readonly DiagnosticDescriptor OrphanDownBlock = new("LDG014", "OrphanDownBlock", Severity.Error, "Down block without its forward edge", false);

    /// <summary>An edge from a version to itself.</summary>
    public static readonly DiagnosticDescriptor ZeroLengthEdge = new("LDG015", "ZeroLengthEdge", Severity.Error, "Edge from a version to itself", false);

    /// <summary>BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT, SAVEPOINT, RELEASE or PREPARE TRANSACTION inside a block.</summary>
    public static readonly DiagnosticDescriptor TransactionControl = new("LDG016", "TransactionControl", Severity.Error, "Transaction control inside a block", false);

    /// <summary>A fence-opener line inside a fenced block: CommonMark ends the outer block elsewhere.</summary>
    public static readonly DiagnosticDescriptor BrokenFenceNesting = new("LDG019", "BrokenFenceNesting", Severity.Warning, "Nested code fence: the outer block ends earlier than it seems", true);

    /// <summary>DROP TABLE or ALTER TABLE … DROP COLUMN.</summary>
    public static readonly DiagnosticDescriptor DestructiveStatement = new("LDG020", "DestructiveStatement", Severity.Warning, "Destructive statement", true);

    /// <summary>A ledger with no migration block at all.</summary>
    public static readonly DiagnosticDescriptor EmptyLedger = new("LDG021", "EmptyLedger", Severity.Error, "Ledger has no migration blocks", false);

    /// <summary>A statement the engine rejects when the ledger is replayed (SQL check).</summary>
    public static readonly DiagnosticDescriptor SqlError = new("LDG022", "SqlError", Severity.Error, "Statement fails when the ledger is replayed", true);

    /// <summary>A foreign key that references a column that is not unique (SQL check).</summary>
    public static readonly DiagnosticDescriptor ForeignKeyMismatch = new("LDG023", "ForeignKeyMismatch", Severity.Warning, "Foreign key references a column that is not unique", true);

    /// <summary>Trailing comment-only steps that are not applied by default.</summary>
    public static readonly DiagnosticDescriptor PlannedStep = new("LDG024", "PlannedStep", Severity.Info, "Planned step (comment-only), not applied by default", true);

    /// <summary>The same version written with different build metadata.</summary>
    public static readonly DiagnosticDescriptor BuildMetadata = new("LDG025", "BuildMetadataIgnored", Severity.Warning, "Build metadata is ignored; versions that differ only in it are the same", true);

    /// <summary>A step whose up block has SQL and that has no down block: <c>rollback</c> cannot go back across it.</summary>
    public static readonly DiagnosticDescriptor MissingDownBlock = new("LDG027", "MissingDownBlock", Severity.Info, "Step with SQL has no down block; rollback cannot cross it", true);

    /// <summary>A down block that does not bring the schema back to what it was before its step (SQL check).</summary>
    public static readonly DiagnosticDescriptor DownBlockMismatch = new("LDG028", "DownBlockMismatch", Severity.Warning, "Down block does not restore the schema of the version before its step", true);

    /// <summary>A block that exists at the base revision was changed: databases that applied it would report drift.</summary>
    public static readonly DiagnosticDescriptor ReleasedBlockEdited = new("LDG030", "ReleasedBlockEdited", Severity.Error, "Block released at the base revision was edited", true);

    /// <summary>A block that exists at the base revision was removed.</summary>
    public static readonly DiagnosticDescriptor ReleasedBlockRemoved = new("LDG031", "ReleasedBlockRemoved", Severity.Error, "Block released at the base revision was removed", true);

    /// <summary>A new version below a version released at the base revision: history only grows at the end.</summary>
    public static readonly DiagnosticDescriptor VersionInsertedInHistory = new("LDG032", "VersionInsertedInHistory", Severity.Error, "New version is not above every released version", true);

    /// <summary>A new block for an edge that another scope had at the base revision: databases past it never run it.</summary>
    public static readonly DiagnosticDescriptor BlockAddedToReleasedEdge = new("LDG033", "BlockAddedToReleasedEdge", Severity.Error, "New block for an edge released at the base revision", true);

    /// <summary>A down block of a released edge was edited or removed.</summary>
    public static readonly DiagnosticDescriptor ReleasedDownBlockChanged = new("LDG034", "ReleasedDownBlockChanged", Severity.Warning, "Down block of a released edge was edited or removed", true);

    /// <summary>A <c>-- ledger:ignore</c> comment without a reason.</summary>
    public static readonly DiagnosticDescriptor SuppressionWithoutReason = new("LDG035", "SuppressionWithoutReason", Severity.Warning, "Suppression without a reason", true);

    /// <summary>A <c>-- ledger:ignore</c> comment that suppresses nothing.</summary>
    public static readonly DiagnosticDescriptor UnusedSuppression = new("LDG036", "UnusedSuppression", Severity.Warning, "Suppression that suppresses nothing", true);

    /// <summary>A <c>-- ledger:ignore</c> comment that names no code, an unknown code, or a rule that cannot be suppressed.</summary>
    public static readonly DiagnosticDescriptor InvalidSuppression = new("LDG037", "InvalidSuppression", Severity.Warning, "Suppression of an unknown rule or of a rule that protects the databases", true);

    /// <summary>A block that creates, alters or writes a table named like Ledger's journal (<c>ledger_history</c>), in any schema.</summary>
    public static readonly DiagnosticDescriptor JournalTableWrite = new("LDG038", "JournalTableWrite", Severity.Error, "A block writes Ledger's history table", false);

    /// <summary>A statement of a no-transaction block that Ledger does not know to be idempotent.</summary>
    public static readonly DiagnosticDescriptor NonIdempotentNoTransaction =
        new("LDG040", "NonIdempotentNoTransaction", Severity.Warning, "Statement of a no-transaction block that may not be able to run twice", true);

    /// <summary>A statement that the replay on empty tables passes and the replay with rows in every table fails.</summary>
    public static readonly DiagnosticDescriptor FailsWithData =
        new("LDG047", "FailsWithData", Severity.Warning, "Statement fails on a database whose tables have rows", true);

    /// <summary>An index or trigger of a table that the step rebuilt (or altered) and that the table no longer has, with no statement dropping it.</summary>
    public static readonly DiagnosticDescriptor RebuildLostObject =
        new("LDG048", "RebuildLostObject", Severity.Warning, "Table rebuild silently lost an index or trigger", true);

    /// <summary>A trigger or view that, after the step, refers to a table or column that no longer exists.</summary>
    public static readonly DiagnosticDescriptor DanglingReference =
        new("LDG049", "DanglingReference", Severity.Warning, "Trigger or view refers to a table or column that no longer exists", true);

    /// <summary>A table or column renamed: the version of the app still running during the deploy uses the old name.</summary>
    public static readonly DiagnosticDescriptor RenameWhileDeployed =
        new("LDG050", "RenameWhileDeployed", Severity.Warning, "Table or column renamed while the running app uses the old name", true);

    /// <summary>A foreign key that a table had before the step and does not have after it.</summary>
    public static readonly DiagnosticDescriptor ForeignKeyDropped =
        new("LDG051", "ForeignKeyDropped", Severity.Warning, "Foreign key dropped", true);

    /// <summary>All of Core's rules, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        MalformedTag, UnknownScope, InvalidVersion, TwoPartVersion, PlaceholderTag, TagOutsideCodeBlock,
        StartWithoutEnd, EndWithoutStart, MismatchedEnd, StartInsideBlock, DuplicateEdge, VersionGap,
        SkippedVersion, OrphanDownBlock, ZeroLengthEdge, TransactionControl,
        BrokenFenceNesting, DestructiveStatement, EmptyLedger, SqlError, ForeignKeyMismatch, PlannedStep,
        BuildMetadata, MissingDownBlock, DownBlockMismatch,
        ReleasedBlockEdited, ReleasedBlockRemoved, VersionInsertedInHistory, BlockAddedToReleasedEdge, ReleasedDownBlockChanged,
        SuppressionWithoutReason, UnusedSuppression, InvalidSuppression, JournalTableWrite, NonIdempotentNoTransaction,
        FailsWithData, RebuildLostObject, DanglingReference, RenameWhileDeployed, ForeignKeyDropped,
    ];

    // ToDictionary throws on a code registered twice: the bug is caught when the type is first used (and by a test).
    private static readonly Dictionary<string, DiagnosticDescriptor> ByCode = All.ToDictionary(d => d.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>Finds a rule by code (case-insensitive).</summary>
    public static DiagnosticDescriptor? Find(string code) => ByCode.GetValueOrDefault(code);
}
