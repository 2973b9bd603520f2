using Ledger.Model;

namespace Ledger.Postgres.Linting;

/// <summary>Whether a block declares that it runs outside a transaction (the <c>-- ledger:no-transaction</c> line).</summary>
internal static class NoTransaction
{
    /// <summary>The directive line.</summary>
    public const string Directive = "-- ledger:no-transaction";

    /// <summary>True when a line of the body is the directive (blanks around it, and spaces after the dashes, allowed).</summary>
    public static bool Declared(MigrationBlock block) =>
        block.Body.Contains("ledger:no-transaction", StringComparison.Ordinal) &&
        block.Body.Split('\n').Any(line => line.Trim() is ['-', '-', .. var rest] && rest.TrimStart() == "ledger:no-transaction");
}
