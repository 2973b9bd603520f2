using Ledger.Text;

namespace Ledger.Versions;

/// <summary>
/// A point on the version line: <c>baseline</c> (an empty database) or a SemVer 2.0 version.
/// Equality and ordering follow SemVer precedence: numeric parts compare as numbers of any size,
/// a pre-release sorts before its release, build metadata is ignored.
/// </summary>
public sealed class SemVersion : IComparable<SemVersion>, IEquatable<SemVersion>
{
    private readonly string[] _prerelease;

    /// <summary>The version of an empty database, lower than every other version.</summary>
    public static SemVersion Baseline { get; } = new(true, "0", "0", "0", [], null, false);

    private SemVersion(bool isBaseline, string major, string minor, string patch, string[] prerelease, string? build, bool twoPart)
    {
        IsBaseline = isBaseline;
        Major = major;
        Minor = minor;
        Patch = patch;
        _prerelease = prerelease;
        Build = build;
        IsTwoPart = twoPart;
    }

    /// <summary>True for <c>baseline</c>.</summary>
    public bool IsBaseline { get; }

    /// <summary>Major number, as decimal digits without leading zeros.</summary>
    public string Major { get; }

    /// <summary>Minor number, as decimal digits without leading zeros.</summary>
    public string Minor { get; }

    /// <summary>Patch number, as decimal digits without leading zeros (<c>0</c> for a two-part version).</summary>
    public string Patch { get; }

    /// <summary>Pre-release identifiers, empty for a release.</summary>
    public IReadOnlyList<string> Prerelease => _prerelease;

    /// <summary>Build metadata without the <c>+</c>, or null. Ignored for ordering and equality.</summary>
    public string? Build { get; }

    /// <summary>True when written as <c>MAJOR.MINOR</c>.</summary>
    public bool IsTwoPart { get; }

    /// <summary>
    /// The form stored in journals: <c>baseline</c> or <c>MAJOR.MINOR.PATCH[-prerelease]</c>
    /// (two-part versions get <c>.0</c>, build metadata is dropped).
    /// </summary>
    // Computed once: GetHashCode uses it, so every dictionary lookup on a version would otherwise format a string.
    public string Normalized => _normalized ??= IsBaseline
        ? "baseline"
        : _prerelease.Length == 0 ? $"{Major}.{Minor}.{Patch}" : $"{Major}.{Minor}.{Patch}-{string.Join('.', _prerelease)}";

    private string? _normalized;

    /// <summary>Parses <c>baseline</c> or a SemVer 2.0 version (or a two-part one).</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="version">The version, when the text is valid.</param>
    /// <param name="error">Why the text is not a version, when it is not.</param>
    public static bool TryParse(string text, out SemVersion version, out string error)
    {
        version = Baseline;
        error = "";
        if (text == "baseline")
        {
            return true;
        }

        string core = text;
        string? build = null;
        int plus = core.IndexOf('+');
        if (plus >= 0)
        {
            build = core[(plus + 1)..];
            core = core[..plus];
            if (!AreIdentifiers(build, numericRule: false, out error, "build metadata"))
            {
                return false;
            }
        }

        string[] prerelease = [];
        int dash = core.IndexOf('-');
        if (dash >= 0)
        {
            string pre = core[(dash + 1)..];
            core = core[..dash];
            if (!AreIdentifiers(pre, numericRule: true, out error, "pre-release"))
            {
                return false;
            }

            prerelease = pre.Split('.');
        }

        string[] parts = core.Split('.');
        if (parts.Length is < 2 or > 3)
        {
            error = $"'{text}' is not a version: expected MAJOR.MINOR.PATCH (SemVer 2.0) or 'baseline'";
            return false;
        }

        foreach (string part in parts)
        {
            if (!IsNumber(part))
            {
                error = part.Length == 0
                    ? $"'{text}' has an empty version part"
                    : part.Length > 1 && part[0] == '0' && AsciiDigits.All(part)
                        ? $"'{text}' has a leading zero in '{part}', which SemVer 2.0 does not allow"
                        : $"'{text}' is not a version: '{part}' is not a number";
                return false;
            }
        }

        version = new SemVersion(false, parts[0], parts[1], parts.Length == 3 ? parts[2] : "0", prerelease, build, parts.Length == 2)
        {
            // Three parts and no build metadata: the text is already the normalised form (a ledger's every tag).
            _normalized = build is null && parts.Length == 3 ? text : null,
        };
        return true;
    }

    /// <summary>Parses a version, throwing <see cref="FormatException"/> when it is not one. For code and tests, not user input.</summary>
    public static SemVersion Parse(string text) =>
        TryParse(text, out SemVersion v, out string error) ? v : throw new FormatException(error);

    private static bool IsNumber(string s) =>
        s.Length > 0 && AsciiDigits.All(s) && (s.Length == 1 || s[0] != '0');

    private static bool AreIdentifiers(string text, bool numericRule, out string error, string what)
    {
        error = "";
        foreach (string id in text.Split('.'))
        {
            if (id.Length == 0)
            {
                error = $"empty identifier in {what} '{text}'";
                return false;
            }

            if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                error = $"{what} '{text}' may hold only ASCII letters, digits, '-' and '.'";
                return false;
            }

            if (numericRule && id.Length > 1 && id[0] == '0' && AsciiDigits.All(id))
            {
                error = $"numeric {what} identifier '{id}' has a leading zero, which SemVer 2.0 does not allow";
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public int CompareTo(SemVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        // A ledger's tags share one instance per version (LedgerDocumentReader): most comparisons are of a version
        // with itself.
        if (ReferenceEquals(this, other))
        {
            return 0;
        }

        if (IsBaseline || other.IsBaseline)
        {
            return IsBaseline.CompareTo(other.IsBaseline) * -1;
        }

        int c = CompareNumeric(Major, other.Major);
        if (c == 0) c = CompareNumeric(Minor, other.Minor);
        if (c == 0) c = CompareNumeric(Patch, other.Patch);
        if (c != 0) return c;

        // A release has higher precedence than any of its pre-releases.
        if (_prerelease.Length == 0 || other._prerelease.Length == 0)
        {
            return (_prerelease.Length == 0, other._prerelease.Length == 0) switch
            {
                (true, true) => 0,
                (true, false) => 1,
                _ => -1,
            };
        }

        for (int i = 0; i < Math.Min(_prerelease.Length, other._prerelease.Length); i++)
        {
            c = ComparePrereleaseIdentifier(_prerelease[i], other._prerelease[i]);
            if (c != 0) return c;
        }

        return _prerelease.Length.CompareTo(other._prerelease.Length);
    }

    private static int CompareNumeric(string a, string b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b) switch { < 0 => -1, > 0 => 1, _ => 0 };

    private static int ComparePrereleaseIdentifier(string a, string b)
    {
        bool aNum = AsciiDigits.All(a);
        bool bNum = AsciiDigits.All(b);
        return (aNum, bNum) switch
        {
            (true, true) => CompareNumeric(a, b),
            (true, false) => -1, // numeric identifiers have lower precedence than alphanumeric ones
            (false, true) => 1,
            _ => Math.Sign(string.CompareOrdinal(a, b)),
        };
    }

    /// <inheritdoc />
    public bool Equals(SemVersion? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SemVersion v && Equals(v);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        int hash = _hash;
        if (hash == 0) _hash = hash = StringComparer.Ordinal.GetHashCode(Normalized);
        return hash;
    }

    // Each version is a key of several dictionaries while a ledger is validated and planned. 0: not computed yet (a hash
    // that is 0 is computed each time); an int is written whole, so threads that race compute the same value.
    private int _hash;

    /// <summary>The version as written, without build metadata: same as <see cref="Normalized"/>.</summary>
    public override string ToString() => Normalized;

    /// <summary>SemVer precedence.</summary>
    public static bool operator <(SemVersion a, SemVersion b) => a.CompareTo(b) < 0;

    /// <summary>SemVer precedence.</summary>
    public static bool operator >(SemVersion a, SemVersion b) => a.CompareTo(b) > 0;

    /// <summary>SemVer precedence.</summary>
    public static bool operator <=(SemVersion a, SemVersion b) => a.CompareTo(b) <= 0;

    /// <summary>SemVer precedence.</summary>
    public static bool operator >=(SemVersion a, SemVersion b) => a.CompareTo(b) >= 0;

    /// <summary>Precedence equality (build metadata ignored).</summary>
    public static bool operator ==(SemVersion? a, SemVersion? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Precedence inequality.</summary>
    public static bool operator !=(SemVersion? a, SemVersion? b) => !(a == b);
}
