using System.Security.Cryptography;
using System.Text;
using Ledger.Model;

namespace Ledger.Tests.Model;

[TestClass]
public sealed class ChecksumTests
{
    private const string Body = "CREATE TABLE notes (\n    id INTEGER PRIMARY KEY,\n\n    body TEXT\n);\nCREATE INDEX idx ON notes(body);";

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [TestMethod]
    [DataRow("CREATE TABLE notes (\r\n    id INTEGER PRIMARY KEY,\r\n\r\n    body TEXT\r\n);\r\nCREATE INDEX idx ON notes(body);")]
    [DataRow("CREATE TABLE notes (   \n    id INTEGER PRIMARY KEY,\t\n  \n    body TEXT \n);\nCREATE INDEX idx ON notes(body);   ")]
    [DataRow("\n\n   \nCREATE TABLE notes (\n    id INTEGER PRIMARY KEY,\n\n    body TEXT\n);\nCREATE INDEX idx ON notes(body);\n\n\t\n")]
    [DataRow("\r\n  \r\nCREATE TABLE notes (  \r\n    id INTEGER PRIMARY KEY,\r\n\r\n    body TEXT\r\n);\r\nCREATE INDEX idx ON notes(body);\r\n\r\n")]
    public void Normalised_variants_have_the_same_checksum(string variant)
    {
        Assert.AreEqual(Checksum.Of(Body), Checksum.Of(variant));
        Assert.AreEqual(Checksum.Normalize(Body), Checksum.Normalize(variant));
    }

    [TestMethod]
    public void The_checksum_is_lower_case_sha256_of_the_normalised_body()
    {
        Assert.AreEqual(Sha256(Body), Checksum.Of(Body));
        Assert.AreEqual(Sha256("SELECT 1;"), Checksum.Of("  \r\nSELECT 1;  \r\n"));
        Assert.MatchesRegex("^[0-9a-f]{64}$", Checksum.Of(Body));
    }

    [TestMethod]
    [DataRow("CREATE TABLE notes (\n    id INTEGER PRIMARY KEY,\n\n    body BLOB\n);\nCREATE INDEX idx ON notes(body);")]
    [DataRow("CREATE TABLE notes (\n    id INTEGER PRIMARY KEY,\n    body TEXT\n);\nCREATE INDEX idx ON notes(body);")]
    [DataRow("CREATE TABLE notes (\nid INTEGER PRIMARY KEY,\n\nbody TEXT\n);\nCREATE INDEX idx ON notes(body);")]
    [DataRow("CREATE TABLE notes (\n    id INTEGER PRIMARY KEY,\n\n    body TEXT\n);\nCREATE INDEX idx ON notes(body);\n-- comment")]
    public void A_real_change_changes_the_checksum(string changed)
    {
        Assert.AreNotEqual(Checksum.Of(Body), Checksum.Of(changed));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("\n")]
    [DataRow("  \r\n\t\r\n   ")]
    public void An_empty_body_has_the_checksum_of_the_empty_string(string body)
    {
        Assert.AreEqual("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Checksum.Empty);
        Assert.AreEqual(Sha256(""), Checksum.Of(body));
        Assert.AreEqual(Checksum.Empty, Checksum.Of(body));
        Assert.AreEqual("", Checksum.Normalize(body));
    }

    [TestMethod]
    [DataRow("\r\n  \r\nSELECT 1;  \r\n\t\r\n\u00A0SELECT 2;\u00A0\r\n\r\n", "2:SELECT 1;|3:|4:\u00A0SELECT 2;")]
    [DataRow("SELECT 1;", "0:SELECT 1;")]
    [DataRow(" \n\t", "")]
    public void The_lines_a_diff_compares_are_the_normalised_body_with_their_lines(string body, string expected)
    {
        List<(int Index, string Text)> lines = Checksum.NormalizedLines(body);

        Assert.AreEqual(expected, string.Join("|", lines.Select(l => $"{l.Index}:{l.Text}")));
        Assert.AreEqual(Checksum.Normalize(body), string.Join("\n", lines.Select(l => l.Text)), "one normalisation");
    }
}
