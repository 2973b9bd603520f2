namespace Ledger.Documents;

/// <summary>A fenced code block of the Markdown, as CommonMark reads it. Lines are 1-based.</summary>
/// <param name="OpenLine">The line of the opening fence.</param>
/// <param name="CloseLine">The line of the closing fence, or null when the block runs to the end of its container.</param>
/// <param name="LastLine">The last line that belongs to the block.</param>
/// <param name="FenceChar">'`' or '~'.</param>
/// <param name="FenceLength">How many fence characters open it.</param>
public sealed record CodeFence(int OpenLine, int? CloseLine, int LastLine, char FenceChar, int FenceLength);
