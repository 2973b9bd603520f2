using Ledger.Diagnostics;
using Ledger.Model;

namespace Ledger.Documents;

/// <summary>What the reader found in a ledger file: its blocks in document order, its code fences, and diagnostics.</summary>
/// <param name="Path">The file as the user named it.</param>
/// <param name="Blocks">Every well-formed block, in document order.</param>
/// <param name="Fences">Every fenced code block.</param>
/// <param name="Diagnostics">What the reader found wrong.</param>
/// <param name="LineCount">Lines in the file.</param>
public sealed record LedgerDocument(
    string Path,
    IReadOnlyList<MigrationBlock> Blocks,
    IReadOnlyList<CodeFence> Fences,
    IReadOnlyList<Diagnostic> Diagnostics,
    int LineCount);
