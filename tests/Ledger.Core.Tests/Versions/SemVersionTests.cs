using Ledger.Versions;

namespace Ledger.Tests.Versions;

[TestClass]
public sealed class SemVersionTests
{
    [TestMethod]
    [DataRow("0.0.0", "0.0.0")]
    [DataRow("0.3.19", "0.3.19")]
    [DataRow("1.2.3", "1.2.3")]
    [DataRow("10.20.30", "10.20.30")]
    [DataRow("1.0.0-rc.1", "1.0.0-rc.1")]
    [DataRow("1.0.0-alpha.beta", "1.0.0-alpha.beta")]
    [DataRow("1.0.0-x-y-z.--", "1.0.0-x-y-z.--")]
    [DataRow("1.0.0-0.3.7", "1.0.0-0.3.7")]
    [DataRow("1.0.0+build.5", "1.0.0")]
    [DataRow("1.0.0-beta+exp.sha.5114f85", "1.0.0-beta")]
    [DataRow("1.0.0+0012", "1.0.0")]
    [DataRow("99999999999999999999999.0.0", "99999999999999999999999.0.0")]
    [DataRow("baseline", "baseline")]
    public void Parses_valid_versions_to_their_normal_form(string text, string normalized)
    {
        Assert.IsTrue(SemVersion.TryParse(text, out SemVersion version, out string error), error);
        Assert.AreEqual(normalized, version.Normalized);
        Assert.AreEqual(normalized, version.ToString());
        Assert.AreEqual("", error);
    }

    [TestMethod]
    [DataRow("", "")]
    [DataRow("1", "expected MAJOR.MINOR.PATCH")]
    [DataRow("1.2.3.4", "expected MAJOR.MINOR.PATCH")]
    [DataRow("01.2.3", "leading zero")]
    [DataRow("1.02.3", "leading zero")]
    [DataRow("1.2.03", "leading zero")]
    [DataRow("1.0.0-01", "leading zero")]
    [DataRow("1..3", "empty version part")]
    [DataRow("1.2.", "empty version part")]
    [DataRow(".2.3", "empty version part")]
    [DataRow("1.2.3-", "empty identifier")]
    [DataRow("1.2.3-rc..1", "empty identifier")]
    [DataRow("1.2.3+", "empty identifier")]
    [DataRow("1.2.x", "not a number")]
    [DataRow("v1.2.3", "not a number")]
    [DataRow("1.2.3-rc_1", "may hold only")]
    [DataRow("1.2.3+build!", "may hold only")]
    [DataRow("-1.2.3", "")]
    [DataRow("Baseline", "")]
    [DataRow("BASELINE", "")]
    [DataRow(" 1.2.3", "")]
    [DataRow("from_version", "")]
    public void Rejects_invalid_versions_with_a_reason(string text, string reason)
    {
        Assert.IsFalse(SemVersion.TryParse(text, out _, out string error));
        Assert.IsFalse(string.IsNullOrEmpty(error), "an invalid version must say why");
        StringAssert.Contains(error, reason);
        Assert.ThrowsExactly<FormatException>(() => SemVersion.Parse(text));
    }

    [TestMethod]
    [DataRow("1.0", "1.0.0")]
    [DataRow("0.3", "0.3.0")]
    [DataRow("2.10-rc.1", "2.10.0-rc.1")]
    public void Two_part_versions_read_as_patch_zero(string text, string normalized)
    {
        SemVersion version = SemVersion.Parse(text);
        Assert.IsTrue(version.IsTwoPart);
        Assert.AreEqual(normalized, version.Normalized);
        Assert.AreEqual(SemVersion.Parse(normalized), version);
        Assert.IsFalse(SemVersion.Parse(normalized).IsTwoPart);
    }

    [TestMethod]
    [DataRow("baseline", "0.0.0")]
    [DataRow("baseline", "0.0.1-alpha")]
    [DataRow("0.0.0", "0.0.1")]
    [DataRow("0.3.9", "0.3.10")]
    [DataRow("0.3.19", "0.3.20")]
    [DataRow("0.9.0", "0.10.0")]
    [DataRow("0.10.0", "0.10.1")]
    [DataRow("1.9.9", "1.10.0")]
    [DataRow("1.99.0", "2.0.0")]
    [DataRow("1.0.0-alpha", "1.0.0-alpha.1")]
    [DataRow("1.0.0-alpha.1", "1.0.0-alpha.beta")]
    [DataRow("1.0.0-alpha.beta", "1.0.0-beta")]
    [DataRow("1.0.0-beta", "1.0.0-beta.2")]
    [DataRow("1.0.0-beta.2", "1.0.0-beta.11")]
    [DataRow("1.0.0-beta.11", "1.0.0-rc.1")]
    [DataRow("1.0.0-rc.1", "1.0.0")]
    [DataRow("1.0.0-rc.1", "1.0.0-rc.1.1")]
    [DataRow("1.0.0-1", "1.0.0-a")]
    [DataRow("1.0.0-Z", "1.0.0-a")]
    [DataRow("1.0.0", "1.0.1-rc.1")]
    [DataRow("0.9.0", "1.0.0-rc.1")]
    [DataRow("99999999999999999999998.0.0", "99999999999999999999999.0.0")]
    [DataRow("9999999999999999999.0.0", "10000000000000000000.0.0")]
    [DataRow("1.0.0-9999999999999999999999", "1.0.0-10000000000000000000000")]
    public void Orders_by_semver_precedence(string lower, string higher)
    {
        SemVersion a = SemVersion.Parse(lower), b = SemVersion.Parse(higher);
        Assert.IsLessThan(0, a.CompareTo(b), $"{lower} < {higher}");
        Assert.IsGreaterThan(0, b.CompareTo(a), $"{higher} > {lower}");
        Assert.IsTrue(a < b);
        Assert.IsTrue(b > a);
        Assert.IsTrue(a <= b);
        Assert.IsFalse(a >= b);
        Assert.AreNotEqual(a, b);
        Assert.IsTrue(a != b);
    }

    [TestMethod]
    public void Sorting_a_shuffled_list_gives_the_semver_spec_order()
    {
        string[] expected =
        [
            "baseline", "0.3.9", "0.3.10", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
            "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0",
        ];
        string[] shuffled = [.. expected.Reverse().Where((_, i) => i % 2 == 0), .. expected.Reverse().Where((_, i) => i % 2 == 1)];

        string[] sorted = [.. shuffled.Select(SemVersion.Parse).Order().Select(v => v.Normalized)];

        CollectionAssert.AreEqual(expected, sorted);
    }

    [TestMethod]
    [DataRow("1.0.0", "1.0.0+build.1")]
    [DataRow("1.0.0+build.1", "1.0.0+build.2")]
    [DataRow("1.0.0-rc.1+a", "1.0.0-rc.1+b")]
    [DataRow("1.0", "1.0.0")]
    [DataRow("1.0+x", "1.0.0")]
    public void Build_metadata_and_two_part_spelling_do_not_change_identity(string left, string right)
    {
        SemVersion a = SemVersion.Parse(left), b = SemVersion.Parse(right);
        Assert.AreEqual(0, a.CompareTo(b));
        Assert.AreEqual(a, b);
        Assert.IsTrue(a == b);
        Assert.AreEqual(a.GetHashCode(), b.GetHashCode());
        Assert.AreEqual(a.Normalized, b.Normalized);
        Assert.HasCount(1, new HashSet<SemVersion> { a, b });
    }

    [TestMethod]
    public void Build_metadata_is_kept_but_not_normalized()
    {
        SemVersion v = SemVersion.Parse("1.2.3-rc.1+exp.sha.5114f85");
        Assert.AreEqual("exp.sha.5114f85", v.Build);
        CollectionAssert.AreEqual(new[] { "rc", "1" }, v.Prerelease.ToArray());
        Assert.AreEqual("1.2.3-rc.1", v.Normalized);
    }

    [TestMethod]
    public void Baseline_is_lowest_and_equal_only_to_itself()
    {
        SemVersion baseline = SemVersion.Parse("baseline");
        Assert.AreSame(SemVersion.Baseline, baseline);
        Assert.IsTrue(baseline.IsBaseline);
        Assert.AreEqual("baseline", baseline.Normalized);
        Assert.AreNotEqual(SemVersion.Parse("0.0.0"), baseline);
        Assert.IsTrue(baseline < SemVersion.Parse("0.0.0"));
        Assert.IsTrue(baseline < SemVersion.Parse("0.0.0-0"));
        Assert.AreEqual(0, baseline.CompareTo(SemVersion.Baseline));
        Assert.IsGreaterThan(0, baseline.CompareTo(null));
    }
}
