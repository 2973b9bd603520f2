using Ledger.Diagnostics;
using Ledger.Versions;

namespace Ledger.Tags;

/// <summary>A tag line read from the ledger: <c>-- [scope:from→to:start|end]</c>.</summary>
/// <param name="Scope">The scope as written (lower-case when valid).</param>
/// <param name="From">The version the edge leaves.</param>
/// <param name="To">The version the edge reaches.</param>
/// <param name="Kind">Start or end.</param>
/// <param name="Location">Where the tag's <c>--</c> is.</param>
/// <param name="FromColumn">1-based column of the <paramref name="From"/> version's text in the line (0 when unknown).</param>
/// <param name="ToColumn">1-based column of the <paramref name="To"/> version's text in the line (0 when unknown).</param>
public sealed record Tag(string Scope, SemVersion From, SemVersion To, TagKind Kind, SourceLocation Location, int FromColumn = 0, int ToColumn = 0)
{
    /// <summary>True when the edge goes down (a rollback block).</summary>
    public bool IsDown => From > To;

    /// <summary>A start and an end match when they name the same scope and versions (whichever arrow).</summary>
    public bool SameEdge(Tag other) => Scope == other.Scope && From == other.From && To == other.To;

    /// <summary>The tag in canonical form, e.g. <c>[user:0.3.19→0.3.20:start]</c>.</summary>
    public string Display => Format(Scope, From.Normalized, To.Normalized, Kind);

    /// <summary>Formats a canonical tag line body.</summary>
    public static string Format(string scope, string from, string to, TagKind kind) =>
        $"[{scope}:{from}→{to}:{(kind == TagKind.Start ? "start" : "end")}]";
}
