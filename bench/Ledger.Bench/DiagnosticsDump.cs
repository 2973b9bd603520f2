using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;

namespace Ledger.Bench;

/// <summary>
/// Prints what Core finds in a ledger: every diagnostic, fence, block (with its checksum) and step. Two builds' dumps of
/// the same ledgers, compared, show whether a change to the reader changed what it reads.
/// </summary>
internal static class DiagnosticsDump
{
    public static int Run(string path)
    {
        LoadedLedger ledger = LedgerLoader.LoadFile(path);
        foreach (Diagnostic d in ledger.Diagnostics)
        {
            Console.WriteLine(d);
        }

        foreach (Documents.CodeFence fence in ledger.Document.Fences)
        {
            Console.WriteLine($"fence {fence}");
        }

        foreach (MigrationBlock block in ledger.Document.Blocks)
        {
            Console.WriteLine($"block {block} at {block.Start}..{block.End} column +{block.BodyColumnOffset}, {block.Statements.Count} statements, " +
                $"checksum {block.Checksum}, title '{block.Title}', description '{block.Description}'");
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
