using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;

namespace Ledger.Bench;

/// <summary>Prints what Core finds in a ledger: every diagnostic and the steps. A stand-in for <c>ledger lint</c> while it is written.</summary>
internal static class DiagnosticsDump
{
    public static int Run(string path)
    {
        LoadedLedger ledger = LedgerLoader.LoadFile(path);
        foreach (Diagnostic d in ledger.Diagnostics)
        {
            Console.WriteLine(d);
        }

        if (ledger.Set is MigrationSet set)
        {
            foreach (MigrationStep step in set.Steps)
            {
                string scopes = string.Join(", ", Scopes.Known.Select(s => step.For(s)).Select(s =>
                    $"{s.Scope}: {(s.Block is null ? "absent" : s.HasSql ? $"{s.Block.Statements.Count} statements" : "comment-only")}" +
                    (s.DownBlock is null ? "" : " + down")));
                Console.WriteLine($"step {step}{(step.IsPlanned ? " (planned)" : "")}: {scopes} — {step.Title}");
            }

            Console.WriteLine($"default target {set.DefaultTarget}, latest {set.Latest}");
        }

        return ledger.HasErrors ? 1 : 0;
    }
}
