namespace FakeAI.Server.Endpoints;

/// <summary><c>tool_choice</c>, in every API's spelling (Anthropic's <c>any</c> is <see cref="Required"/>).</summary>
internal enum ToolChoiceMode
{
    Auto,
    Required,
    Named,
    None,
}
