using System.Text.RegularExpressions;
using Ledger.Diagnostics;
using Ledger.Model;
using Ledger.Text;
using Ledger.Versions;

namespace Ledger.Tags;

/// <summary>What one line of a code block turned out to be.</summary>
internal enum TagLineKind
{
    /// <summary>Not a tag: an ordinary line of SQL or text.</summary>
    None,

    /// <summary>A tag (valid, or with errors already reported).</summary>
    Tag,

    /// <summary>A documentation example with placeholder versions: produces no step.</summary>
    Placeholder,
}

/// <summary>The outcome of reading one line.</summary>
/// <param name="Kind">What the line is.</param>
/// <param name="TagKind">Start or end, when <paramref name="Kind"/> is <see cref="TagLineKind.Tag"/> (repaired if misspelt).</param>
/// <param name="PairKey">What start and end must share to match: scope and versions, repaired where possible.</param>
/// <param name="Tag">The tag when it is valid; null when an error was reported for it.</param>
/// <param name="Malformed">
/// True when the line broke the tag grammar (LDG001 was reported). Two malformed tags are not compared with each other: the
/// finding is already there, and a second one saying they differ would only be about how each was misread.
/// </param>
internal readonly record struct TagLineResult(TagLineKind Kind, TagKind TagKind, string PairKey, Tag? Tag, bool Malformed = false)
{
    public static TagLineResult NotATag => new(TagLineKind.None, TagKind.Start, "", null);
}

/// <summary>
/// Decides whether a line is a tag, a near-miss of one, a placeholder example or ordinary text, and reports
/// what is wrong with a suggestion of the correct form. Near-misses are never silently ignored.
/// </summary>
internal static partial class TagLineReader
{
    private static readonly string[] StartWords = ["start", "begin", "begins", "open", "starts", "started", "up"];
    private static readonly string[] EndWords = ["end", "ends", "stop", "finish", "close", "done", "ended"];

    /// <summary>Reads one line.</summary>
    /// <param name="line">The line's text (for a fenced block: its content, without container indentation).</param>
    /// <param name="path">The file, for diagnostics.</param>
    /// <param name="lineNumber">1-based line number in the file.</param>
    /// <param name="columnOffset">0-based column of <paramref name="line"/>'s first character in the file's line.</param>
    /// <param name="diagnostics">Where findings go.</param>
    /// <param name="scopes">The scopes a tag may name (declared in ledger.json, or <c>system</c> and <c>user</c>).</param>
    /// <param name="versions">
    /// Versions already read from this document, by their text: one instance per version instead of one per tag (a
    /// version is named by about eight tags: the start and end tags of the steps into and out of it, in each scope).
    /// Null to parse every time.
    /// </param>
    public static TagLineResult Read(string line, string path, int lineNumber, int columnOffset, List<Diagnostic> diagnostics,
        IReadOnlyList<string> scopes, Dictionary<string, SemVersion>? versions = null)
    {
        if (!LooksLikeTag(line))
        {
            return TagLineResult.NotATag;
        }

        SourceLocation At(int index) => new(path, lineNumber, columnOffset + index + 1);

        if (!TagGrammar.TryParse(line, out TagSyntax? syntax, out string expectation, out int failIndex))
        {
            Repair? repair = Repair.Attempt(line, scopes);
            if (expectation == "end of input") expectation = "the end of the line";
            // The version token takes in a wrong arrow ("1.0.0-1.0.1", "=>"), so the grammar fails after it: point at the
            // arrow the repair found there instead.
            (int at, string found) = repair is { ArrowIndex: >= 0 } r && r.ArrowIndex < failIndex && expectation.Contains("arrow", StringComparison.Ordinal)
                ? (r.ArrowIndex, $", found '{r.ArrowText}'")
                : (failIndex, failIndex >= line.Length ? " at the end of the line" : $", found {Describe(line[failIndex])}");
            string suggestion = repair is null ? "" : $"; did you mean '-- {repair.Text}'?";
            diagnostics.Add(RuleCatalog.MalformedTag.Create(At(at),
                $"malformed tag: expected {expectation}{found}{suggestion} (form: -- [scope:from→to:start|end])"));
            return repair is null
                ? new TagLineResult(TagLineKind.Tag, GuessKind(line), "malformed:" + lineNumber, null, Malformed: true)
                : new TagLineResult(TagLineKind.Tag, repair.Kind, repair.PairKey, null, Malformed: true);
        }

        TagSyntax s = syntax!;
        if (IsPlaceholder(s.From) || IsPlaceholder(s.To))
        {
            diagnostics.Add(RuleCatalog.PlaceholderTag.Create(At(s.FromIndex),
                $"example tag with placeholder versions '{s.From}→{s.To}' is documentation, not a step"));
            return new TagLineResult(TagLineKind.Placeholder, TagKind.Start, "", null);
        }

        bool valid = true, malformed = false;
        TagKind kind;
        if (s.Kind == "start") kind = TagKind.Start;
        else if (s.Kind == "end") kind = TagKind.End;
        else
        {
            (valid, malformed) = (false, true);
            kind = GuessKind(s.Kind);
            Repair? repair = Repair.Attempt(line, scopes);
            diagnostics.Add(RuleCatalog.MalformedTag.Create(At(s.KindIndex),
                $"'{s.Kind}' is not a tag kind: a tag ends with ':start]' or ':end]'" +
                (repair is null ? "" : $"; did you mean '-- {repair.Text}'?")));
        }

        string scope = s.Scope;
        if (!scopes.Contains(s.Scope))
        {
            valid = false;
            string? close = EditDistance.Closest(s.Scope, scopes);
            diagnostics.Add(RuleCatalog.UnknownScope.Create(At(s.ScopeIndex),
                $"unknown scope '{s.Scope}'" + (close is null ? "" : $"; did you mean '{close}'?") +
                $" (known scopes: {string.Join(", ", scopes)})"));
            scope = close ?? s.Scope;
        }

        SemVersion? from = ReadVersion(s.From, path, lineNumber, columnOffset + s.FromIndex + 1, diagnostics, versions);
        SemVersion? to = ReadVersion(s.To, path, lineNumber, columnOffset + s.ToIndex + 1, diagnostics, versions);
        valid &= from is not null && to is not null;

        string key = $"{scope}|{from?.Normalized ?? s.From}|{to?.Normalized ?? s.To}";
        Tag? tag = valid ? new Tag(scope, from!, to!, kind, At(s.DashIndex), columnOffset + s.FromIndex + 1, columnOffset + s.ToIndex + 1) : null;
        return new TagLineResult(TagLineKind.Tag, kind, key, tag, malformed);
    }

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\t' => "a tab",
        _ => $"'{c}'",
    };

    private static SemVersion? ReadVersion(string text, string path, int line, int column, List<Diagnostic> diagnostics,
        Dictionary<string, SemVersion>? versions)
    {
        string error = "";
        if (versions is null || !versions.TryGetValue(text, out SemVersion? version))
        {
            version = SemVersion.TryParse(text, out SemVersion parsed, out error) ? parsed : null;
            if (version is not null) versions?.Add(text, version);
        }

        if (version is not null)
        {
            if (version.IsTwoPart)
            {
                diagnostics.Add(RuleCatalog.TwoPartVersion.Create(new SourceLocation(path, line, column),
                    $"two-part version '{text}' is read as '{version.Normalized}'; write '{version.Normalized}'"));
            }

            return version;
        }

        string hint = text.Equals("baseline", StringComparison.OrdinalIgnoreCase) ? "; did you mean 'baseline'?"
            : text.StartsWith('v') && SemVersion.TryParse(text[1..], out SemVersion stripped, out _) ? $"; did you mean '{stripped.Normalized}'?"
            : "";
        diagnostics.Add(RuleCatalog.InvalidVersion.Create(new SourceLocation(path, line, column), $"invalid version: {error}{hint}"));
        return null;
    }

    /// <summary>A placeholder is made of letters, without a digit (e.g. <c>from_version</c>, <c>X.Y.Z</c>).</summary>
    private static bool IsPlaceholder(string version) =>
        version != "baseline" && !version.Equals("baseline", StringComparison.OrdinalIgnoreCase) &&
        !AsciiDigits.Any(version) && version.Any(char.IsLetter);

    private static TagKind GuessKind(string text)
    {
        string lower = text.ToLowerInvariant();
        return EndWords.Any(w => lower.Contains(w, StringComparison.Ordinal)) ? TagKind.End : TagKind.Start;
    }

    /// <summary>
    /// A cheap test, run on every line: is this meant to be a tag? A comment whose text starts with '[' or ends
    /// with ']' and holds two colons or an arrow, or a bracket-less <c>scope:…:start</c>.
    /// </summary>
    internal static bool LooksLikeTag(string line) => LooksLikeTag(line.AsSpan());

    /// <inheritdoc cref="LooksLikeTag(string)"/>
    internal static bool LooksLikeTag(ReadOnlySpan<char> line)
    {
        int i = 0;
        while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
        if (i + 1 >= line.Length || line[i] != '-' || line[i + 1] != '-')
        {
            return false;
        }

        ReadOnlySpan<char> rest = line[(i + 2)..].Trim();
        if (rest.Length < 3)
        {
            return false;
        }

        int colons = rest.Count(':');
        bool arrow = rest.ContainsAny("→—–") || rest.Contains("->", StringComparison.Ordinal) || rest.Contains("=>", StringComparison.Ordinal);
        if (rest[0] == '[' || rest[^1] == ']')
        {
            return colons >= 2 || (colons >= 1 && arrow);
        }

        return colons >= 2 && (arrow || rest.ContainsAny("0123456789")) && BareTag().IsMatch(rest);
    }

    [GeneratedRegex(@"^[A-Za-z][\w-]*\s*:.+:\s*[A-Za-z]+\s*$")]
    private static partial Regex BareTag();

    /// <summary>A best guess at what a malformed tag meant, for the suggestion and for pairing.</summary>
    /// <param name="Text">The tag as it was probably meant, without the leading <c>--</c>.</param>
    /// <param name="Kind">Start or end.</param>
    /// <param name="PairKey">What the repaired tag pairs by.</param>
    /// <param name="ArrowIndex">0-based index in the line of what separates the two versions (-1 when not found).</param>
    /// <param name="ArrowText">That separator as written.</param>
    private sealed partial record Repair(string Text, TagKind Kind, string PairKey, int ArrowIndex, string ArrowText)
    {
        private static readonly string[] Arrows = ["→", "->", "=>", "⇒", "⟶", "—", "–", "→", ">"];

        /// <summary>
        /// Lines longer than this get no repair. A tag is a few dozen characters; the repair tries every dash of the
        /// line as the split between two versions, each try copying both sides, so its time grows with the square of
        /// the line's length: a 1.3 MB tag-like line (found by the mutation fuzzer) kept lint busy for minutes.
        /// </summary>
        internal const int MaxRepairLength = 512;

        public static Repair? Attempt(string line, IReadOnlyList<string> scopes)
        {
            if (line.Length > MaxRepairLength)
            {
                return null;
            }

            Match m = Lenient().Match(line);
            if (!m.Success)
            {
                return null;
            }

            string scope = m.Groups["scope"].Value.ToLowerInvariant();
            if (!scopes.Contains(scope))
            {
                scope = EditDistance.Closest(scope, scopes) ?? scope;
            }

            string kindWord = m.Groups["kind"].Value.ToLowerInvariant();
            TagKind? kind = StartWords.Contains(kindWord) ? TagKind.Start
                : EndWords.Contains(kindWord) ? TagKind.End
                : EditDistance.Closest(kindWord, ["start", "end"]) switch { "start" => TagKind.Start, "end" => TagKind.End, _ => null };
            Group group = m.Groups["mid"];
            string mid = group.Value.Trim();
            if (kind is null || !SplitEdge(mid, out string from, out string to, out int arrowAt, out string arrowText))
            {
                return null;
            }

            string text = Tag.Format(scope, from, to, kind.Value);
            int lead = group.Value.Length - group.Value.TrimStart().Length;
            return new Repair(text, kind.Value, $"{scope}|{from}|{to}", group.Index + lead + arrowAt, arrowText);
        }

        private static bool SplitEdge(string mid, out string from, out string to, out int arrowAt, out string arrowText)
        {
            foreach (string arrow in Arrows)
            {
                int at = mid.IndexOf(arrow, StringComparison.Ordinal);
                if (at > 0 && TryVersion(mid[..at], out from) && TryVersion(mid[(at + arrow.Length)..], out to))
                {
                    (arrowAt, arrowText) = (at, arrow);
                    return true;
                }
            }

            // "0.3.1-0.3.2": any dash, or a space, whose two sides are both versions.
            for (int at = 1; at < mid.Length - 1; at++)
            {
                if ((mid[at] == '-' || mid[at] == ' ') && TryVersion(mid[..at], out from) && TryVersion(mid[(at + 1)..], out to))
                {
                    (arrowAt, arrowText) = (at, mid[at].ToString());
                    return true;
                }
            }

            from = to = arrowText = "";
            arrowAt = -1;
            return false;
        }

        private static bool TryVersion(string text, out string normalized)
        {
            text = text.Trim();
            if (text.StartsWith('v') || text.StartsWith('V')) text = text[1..];
            if (text.Equals("baseline", StringComparison.OrdinalIgnoreCase))
            {
                normalized = "baseline";
                return true;
            }

            bool ok = SemVersion.TryParse(text, out SemVersion v, out _);
            normalized = ok ? v.Normalized : "";
            return ok;
        }

        // Anything may follow the closing ']' (trailing text is the error being repaired), so that the suggestion is still given.
        [GeneratedRegex(@"^\s*--\s*\[?\s*(?<scope>[A-Za-z][\w-]*)\s*[:\s]\s*(?<mid>.+?)\s*[:\s]\s*(?<kind>[A-Za-z]+)\s*(?:\].*|(--.*)?)$")]
        private static partial Regex Lenient();
    }
}
