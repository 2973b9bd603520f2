using System.Globalization;

namespace Ledger.Reliability.Tests;

/// <summary>
/// CI mode or long mode (<c>LEDGER_RELIABILITY=long</c>, see tests/reliability-long.sh), the seed, and the figures a
/// run produces (docs/reliability.md is written from them).
/// </summary>
public static class Reliability
{
    private static readonly object FiguresLock = new();

    /// <summary>True for the release check: many more kills, races and mutants.</summary>
    public static bool IsLong => string.Equals(Environment.GetEnvironmentVariable("LEDGER_RELIABILITY"), "long", StringComparison.OrdinalIgnoreCase);

    /// <summary>The mode's count: <paramref name="ci"/> in CI, <paramref name="long"/> in long mode; LEDGER_RELIABILITY_SCALE (a number) multiplies the long count.</summary>
    public static int Count(int ci, int @long)
    {
        if (!IsLong) return ci;
        string? scale = Environment.GetEnvironmentVariable("LEDGER_RELIABILITY_SCALE");
        return scale is not null && double.TryParse(scale, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) ? Math.Max(ci, (int)(@long * f)) : @long;
    }

    /// <summary>The seed: LEDGER_RELIABILITY_SEED when set (to replay a failure), else a fixed one so CI is reproducible.</summary>
    public static int Seed(string test)
    {
        string? fixedSeed = Environment.GetEnvironmentVariable("LEDGER_RELIABILITY_SEED");
        if (fixedSeed is not null) return int.Parse(fixedSeed, CultureInfo.InvariantCulture);
        int h = 17;
        foreach (char c in test) h = unchecked((h * 31) + c);
        return h & 0x7fffffff;
    }

    /// <summary>Where figures go: LEDGER_RELIABILITY_FIGURES, or reliability-figures.txt beside the tests.</summary>
    public static string FiguresFile =>
        Environment.GetEnvironmentVariable("LEDGER_RELIABILITY_FIGURES") ?? Path.Combine(AppContext.BaseDirectory, "reliability-figures.txt");

    /// <summary>Records one figure (also printed, so it shows in the test log).</summary>
    public static void Figure(string test, string figure)
    {
        string line = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} [{(IsLong ? "long" : "ci")}] {test}: {figure}";
        Console.WriteLine(line);
        lock (FiguresLock)
        {
            File.AppendAllText(FiguresFile, line + Environment.NewLine);
        }
    }
}
