using Ledger.Text;

namespace Ledger.Tests.Text;

[TestClass]
public sealed class AsciiDigitsTests
{
    [TestMethod]
    [DataRow("1.2.3", true)]
    [DataRow("v9", true)]
    [DataRow("X.Y.Z", false)]
    [DataRow("from_version", false)]
    [DataRow("", false)]
    [DataRow("٣", false)] // an Arabic-Indic digit is a digit to char.IsDigit, not to SemVer
    public void Any_finds_an_ASCII_digit(string text, bool expected) => Assert.AreEqual(expected, AsciiDigits.Any(text));

    [TestMethod]
    [DataRow("0", true)]
    [DataRow("0123456789", true)]
    [DataRow("", true)]
    [DataRow("12a", false)]
    [DataRow("1-2", false)]
    [DataRow("١٢", false)]
    public void All_requires_only_ASCII_digits(string text, bool expected) => Assert.AreEqual(expected, AsciiDigits.All(text));
}
