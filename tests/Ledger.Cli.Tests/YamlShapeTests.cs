namespace Ledger.Cli.Tests;

/// <summary>The shape check catches the mistakes that make a CI file invalid (so that its passing means something).</summary>
[TestClass]
public sealed class YamlShapeTests
{
    [TestMethod]
    [DataRow("jobs:\n\tlint: x\n", "tab", DisplayName = "a tab")]
    [DataRow("jobs:\n   lint: x\n", "multiple of 2", DisplayName = "odd indentation")]
    [DataRow("jobs:\n    lint: x\n  steps: y\n", "unexpected indentation", DisplayName = "a dedent to no level")]
    [DataRow("jobs: x\n  lint: y\n", "unexpected indentation", DisplayName = "a child under a key with a value")]
    [DataRow("name: \"ledger\nx: y\n", "unbalanced quotes", DisplayName = "an open quote")]
    [DataRow("a: 1\na: 2\n", "duplicate key", DisplayName = "a duplicate key")]
    [DataRow("steps:\n  - run: echo a: b\n", "plain scalar", DisplayName = "': ' in a plain scalar")]
    public void FindsTheMistake(string yaml, string expected)
    {
        (List<string> problems, _) = YamlShape.Check(yaml);

        Assert.IsTrue(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), string.Join("\n", problems));
    }

    [TestMethod]
    public void ReadsPathsThroughSequencesAndBlockScalars()
    {
        (List<string> problems, List<(string Path, string Value)> values) = YamlShape.Check(
            "on:\n  pull_request:\njobs:\n  lint:\n    steps:\n      - name: a # note\n        run: |\n          one: two\n      - uses: b\n        with:\n          x: \"1\"\n");

        Assert.IsEmpty(problems, string.Join("\n", problems));
        CollectionAssert.AreEqual(new[] { "jobs.lint.steps[].name=a", "jobs.lint.steps[].run=|", "jobs.lint.steps[].uses=b", "jobs.lint.steps[].with.x=\"1\"" },
            values.Select(v => $"{v.Path}={v.Value}").ToArray());
    }
}
