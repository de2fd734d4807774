namespace FakeAI.Server.Endpoints;

/// <summary>One callable tool: its name and its parameters' schema.</summary>
internal sealed record OfferedTool(string Name, OutputSchema Parameters);
