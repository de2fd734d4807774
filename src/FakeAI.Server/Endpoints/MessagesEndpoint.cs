using System.Globalization;
using System.Text.Json;
using FakeAI.Protocol.Messages;
using FakeAI.Server.Http;
using FakeAI.Server.Streaming;
using Microsoft.AspNetCore.Http;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// <c>POST /v1/messages</c>: Anthropic's Messages API on the same planner, latency schedule and writer as chat. Errors
/// leave in Anthropic's shape (<see cref="AnthropicErrorShape"/> on the route).
/// </summary>
internal sealed class MessagesEndpoint(ServerState state, ResponsePlanner planner, ResponseWriter writer)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = await RequestReader.ReadAsync(context, MessagesJsonContext.Default.MessagesRequest);
        var start = RequestArrival.Of(context);
        if (request.MaxTokens is not { } maxTokens)
        {
            throw ApiException.BadRequest("max_tokens: Field required", "max_tokens", "missing_required_parameter");
        }

        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw ApiException.BadRequest("model: Field required", "model", "missing_required_parameter");
        }

        CheckRange(request.Temperature, "temperature");
        CheckRange(request.TopP, "top_p");
        if (request.TopK is < 0)
        {
            throw ApiException.BadRequest("top_k: Input should be greater than or equal to 0", "top_k", "invalid_value");
        }

        var model = state.ResolveModel(request.Model);
        var vocabulary = state.VocabularyFor(model);
        var promptTokenIds = state.KvCache is null ? null : new List<int>();
        var promptTokens = CountSystem(request.System, vocabulary.Tokenizer, promptTokenIds)
            + CountMessages(request.Messages, vocabulary.Tokenizer, promptTokenIds);
        maxTokens = planner.ResolveMaxTokens(maxTokens, "max_tokens", null, "max_tokens");
        if (state.Admission is { } admission)
        {
            start = await admission.AdmitAsync(context, model.Id, Limits.RequestAdmission.EstimateTokens(promptTokens, 1, 1, maxTokens), start);
        }

        var stops = request.StopSequences;
        var output = new OutputRequest(null, OutputRequestReader.MessagesTools(request.Tools, request.ToolChoice, EndsWithToolResult(request.Messages!)));
        var plan = planner.Plan(
            model,
            vocabulary,
            start,
            new PromptTokenSummary(1, promptTokens, promptTokens, promptTokenIds),
            maxTokens,
            "max_tokens",
            "messages",
            minTokens: null,
            n: 1,
            seed: null,
            stops,
            allowReasoning: request.Thinking?.Type == "enabled",
            includeUsage: false,
            output);
        var stopSequence = plan.Completion.FinishReason == "stop" ? MatchedStop(plan, maxTokens, stops!) : null;
        var shape = new MessagesResponseShape(ResponsePlanner.NewId("msg_"), model.Id, plan, stopSequence);
        await writer.SendAsync(context, plan, shape, request.Stream ?? false);
    }

    /// <summary>Whether the last message is a user turn carrying a <c>tool_result</c> block.</summary>
    private static bool EndsWithToolResult(List<MessagesInputMessage?> messages)
    {
        if (messages[^1] is not { Role: "user", Content: { ValueKind: JsonValueKind.Array } blocks })
        {
            return false;
        }

        foreach (var block in blocks.EnumerateArray())
        {
            if (block.TryGetProperty("type", out var type) && type.ValueEquals("tool_result"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The stop sequence that cut the text: of the full (uncut) text, the one matching earliest at or after the kept text.
    /// Only runs when a stop sequence did end the response.
    /// </summary>
    private static string? MatchedStop(PlannedResponse plan, int maxTokens, List<string> stops)
    {
        var cut = plan.Completion;
        var full = (cut with { ContentTokens = maxTokens - cut.ReasoningTokens }).ContentText();
        var kept = cut.ContentText().Length;
        string? best = null;
        var bestAt = int.MaxValue;
        foreach (var stop in stops)
        {
            var at = string.IsNullOrEmpty(stop) ? -1 : full.IndexOf(stop, kept, StringComparison.Ordinal);
            if (at >= 0 && at < bestAt)
            {
                (best, bestAt) = (stop, at);
            }
        }

        return best;
    }

    private static void CheckRange(double? value, string name)
    {
        if (value is < 0 or > 1)
        {
            throw ApiException.BadRequest($"{name}: Input should be between 0 and 1", name, "invalid_value");
        }
    }

    /// <summary><c>system</c>: a string or an array of text blocks.</summary>
    private static int CountSystem(JsonElement? system, Tokenizer tokenizer, List<int>? ids)
    {
        if (system is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => PromptTokens.Add(tokenizer, value.GetString()!, ids),
            JsonValueKind.Array => CountBlocks(value, "system", tokenizer, ids),
            _ => throw ApiException.BadRequest("system: Input should be a valid string or a list of text blocks", "system", "invalid_type"),
        };
    }

    private static int CountMessages(List<MessagesInputMessage?>? messages, Tokenizer tokenizer, List<int>? ids)
    {
        if (messages is null || messages.Count == 0)
        {
            throw ApiException.BadRequest("messages: Field required and must be a non-empty list", "messages", "missing_required_parameter");
        }

        var tokens = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"messages.{i}");
            var message = messages[i] ?? throw ApiException.BadRequest($"{path}: Input should be an object", path, "invalid_type");
            if (message.Role is not ("user" or "assistant"))
            {
                throw ApiException.BadRequest($"{path}.role: Input should be 'user' or 'assistant'", path + ".role", "invalid_value");
            }

            tokens += message.Content switch
            {
                { ValueKind: JsonValueKind.String } text => PromptTokens.Add(tokenizer, text.GetString()!, ids),
                { ValueKind: JsonValueKind.Array } blocks => CountBlocks(blocks, path + ".content", tokenizer, ids),
                _ => throw ApiException.BadRequest($"{path}.content: Input should be a valid string or a list of content blocks", path + ".content", "invalid_type"),
            };
        }

        return tokens;
    }

    /// <summary>
    /// Content blocks: every block needs a string <c>type</c>; a string <c>text</c> (text blocks, and <c>thinking</c>'s
    /// text) or a string tool-result <c>content</c> is counted, images as chat counts them, other blocks are accepted.
    /// </summary>
    private static int CountBlocks(JsonElement blocks, string path, Tokenizer tokenizer, List<int>? ids)
    {
        var tokens = 0;
        var i = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}.{i++}");
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw ApiException.BadRequest($"{at}: each content block must be an object with a string 'type'", at, "invalid_type");
            }

            var kind = type.GetString();
            if (kind == "text" && (!block.TryGetProperty("text", out var required) || required.ValueKind != JsonValueKind.String))
            {
                throw ApiException.BadRequest($"{at}.text: Field required and must be a string", at + ".text", "invalid_type");
            }

            foreach (var field in (ReadOnlySpan<string>)["text", "thinking", "content"])
            {
                if (block.TryGetProperty(field, out var text) && text.ValueKind == JsonValueKind.String)
                {
                    tokens += PromptTokens.Add(tokenizer, text.GetString()!, ids);
                }
            }

            if (kind == "image")
            {
                tokens += MediaTokens.Image(ImageUrl(block), null);
            }
        }

        return tokens;
    }

    /// <summary>An image block's source as the URL chat's counting reads: a <c>data:</c> URL for base64, else the link.</summary>
    private static string ImageUrl(JsonElement block)
    {
        if (!block.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        if (source.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String)
        {
            return url.GetString()!;
        }

        var mediaType = source.TryGetProperty("media_type", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "image/png";
        return source.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String
            ? "data:" + mediaType + ";base64," + data.GetString()
            : string.Empty;
    }
}
