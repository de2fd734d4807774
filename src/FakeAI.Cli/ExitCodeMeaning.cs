namespace FakeAI.Cli;

/// <summary>One row of the exit-code table: the code and what it tells a script.</summary>
internal sealed record ExitCodeMeaning(int Code, string Meaning);
