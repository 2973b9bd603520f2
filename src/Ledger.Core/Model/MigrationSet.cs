using Ledger.Versions;

namespace Ledger.Model;

/// <summary>
/// A validated ledger: the version line from <c>baseline</c> up, and one step per pair of neighbours.
/// Only built when the ledger has no errors, so everything here can be applied.
/// </summary>
public sealed class MigrationSet
{
    private readonly Dictionary<SemVersion, int> _index;

    internal MigrationSet(string path, IReadOnlyList<SemVersion> versionLine, IReadOnlyList<MigrationStep> steps, IReadOnlyList<string> scopes)
    {
        Path = path;
        Scopes = scopes;
        VersionLine = versionLine;
        Steps = steps;
        _index = versionLine.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        MigrationStep? lastReal = steps.LastOrDefault(s => !s.IsPlanned);
        DefaultTarget = lastReal?.To ?? SemVersion.Baseline;
    }

    /// <summary>The scopes its tags may name, in the order they are applied (declared in ledger.json, or <c>system</c> and <c>user</c>).</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>The ledger file.</summary>
    public string Path { get; }

    /// <summary><c>baseline</c> and every version of a forward edge, in precedence order.</summary>
    public IReadOnlyList<SemVersion> VersionLine { get; }

    /// <summary><c>Steps[i]</c> goes from <c>VersionLine[i]</c> to <c>VersionLine[i+1]</c>.</summary>
    public IReadOnlyList<MigrationStep> Steps { get; }

    /// <summary>The highest version reached by a step that is not planned.</summary>
    public SemVersion DefaultTarget { get; }

    /// <summary>The last version on the line.</summary>
    public SemVersion Latest => VersionLine[^1];

    /// <summary>The position of a version on the line, or -1 when it is not on it.</summary>
    public int IndexOf(SemVersion version) => _index.GetValueOrDefault(version, -1);

    /// <summary>True when the version is on the line.</summary>
    public bool Contains(SemVersion version) => _index.ContainsKey(version);

    /// <summary>The steps strictly after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public IEnumerable<MigrationStep> StepsBetween(SemVersion from, SemVersion to)
    {
        int a = IndexOf(from), b = IndexOf(to);
        for (int i = a; i < b; i++) yield return Steps[i];
    }

    /// <summary>Scopes that have at least one block.</summary>
    public IEnumerable<string> ScopesUsed =>
        Scopes.Where(s => Steps.Any(step => step.Up.ContainsKey(s) || step.Down.ContainsKey(s)));
}
