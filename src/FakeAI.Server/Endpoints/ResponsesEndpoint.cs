using System.Globalization;
using System.Text.Json;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Responses;
using FakeAI.Server.Http;
using FakeAI.Server.Streaming;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// OpenAI's Responses API: <c>POST /v1/responses</c> (streamed or whole, on chat's latency schedule and limits) and the
/// stored responses' <c>GET</c>/<c>DELETE /v1/responses/{id}</c>. A request with <c>previous_response_id</c> counts the
/// stored conversation (its inputs and outputs, not its instructions) in front of its own input.
/// </summary>
internal sealed class ResponsesEndpoint(ServerState state, ResponsePlanner planner, ResponseWriter writer, ResponseStore store)
{
    private static readonly string[] Roles = ["user", "assistant", "system", "developer"];

    public async Task CreateAsync(HttpContext context)
    {
        var request = await RequestReader.ReadAsync(context, ProtocolJsonContext.Default.ResponseCreateRequest);
        var start = RequestArrival.Of(context);
        var model = state.ResolveModel(request.Model);
        StoredResponse? previous = null;
        if (request.PreviousResponseId is { } previousId)
        {
            previous = Find(previousId, "Previous response with id '{0}' not found.", "previous_response_id", "previous_response_not_found");
        }

        if (request.Input is null && previous is null)
        {
            throw ApiException.BadRequest("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        }

        var inputTexts = new List<string>();
        var inputMedia = CollectInput(request.Input, inputTexts);
        var vocabulary = state.VocabularyFor(model);
        var tokenizer = vocabulary.Tokenizer;
        var ids = state.KvCache is null ? null : new List<int>();
        var promptTokens = 0;
        if (!string.IsNullOrEmpty(request.Instructions))
        {
            promptTokens += PromptTokens.Add(tokenizer, request.Instructions, ids);
        }

        foreach (var text in previous?.ContextTexts ?? [])
        {
            promptTokens += PromptTokens.Add(tokenizer, text, ids);
        }

        foreach (var text in inputTexts)
        {
            promptTokens += PromptTokens.Add(tokenizer, text, ids);
        }

        var contextMedia = (previous?.ContextMediaTokens ?? 0) + inputMedia;
        promptTokens += contextMedia;
        var maxTokens = planner.ResolveMaxTokens(request.MaxOutputTokens, "max_output_tokens", null, "max_output_tokens");
        var answersToolResult = request.Input?.Items is [.., { Type: "function_call_output" }];
        var output = new OutputRequest(
            OutputRequestReader.ResponsesFormat(request.Text, out var format),
            OutputRequestReader.ResponsesTools(request.Tools, request.ToolChoice, answersToolResult));
        if (state.Admission is { } admission)
        {
            start = await admission.AdmitAsync(context, model.Id, Limits.RequestAdmission.EstimateTokens(promptTokens, 1, 1, maxTokens), start);
        }

        var plan = planner.Plan(
            model,
            vocabulary,
            start,
            new PromptTokenSummary(1, promptTokens, promptTokens, ids),
            maxTokens,
            "max_output_tokens",
            "input",
            minTokens: null,
            n: null,
            request.Seed,
            stops: null,
            allowReasoning: true,
            includeUsage: false,
            output);

        var id = ResponsePlanner.NewId("resp_");
        var stored = request.Store ?? true;
        var template = new ResponseObject
        {
            Id = id,
            CreatedAt = state.UnixTimeSeconds(),
            Status = "in_progress",
            Instructions = request.Instructions,
            MaxOutputTokens = request.MaxOutputTokens,
            Model = model.Id,
            Output = [],
            PreviousResponseId = request.PreviousResponseId,
            Reasoning = model.IsReasoning
                ? new ResponseReasoning { Effort = request.Reasoning?.Effort ?? "medium", Summary = request.Reasoning?.Summary }
                : new ResponseReasoning(),
            Store = stored,
            Temperature = request.Temperature ?? 1.0,
            Text = format is { } f ? new ResponseTextConfig { Format = EchoFormat(f) } : ResponseTextConfig.PlainText,
            ToolChoice = request.ToolChoice is { ValueKind: JsonValueKind.String } choice ? choice.GetString()! : "auto",
            Tools = request.Tools is { ValueKind: JsonValueKind.Array } tools ? [.. tools.EnumerateArray()] : [],
            TopP = request.TopP ?? 1.0,
            User = request.User,
        };

        Action<ResponseObject>? completed = null;
        if (stored && store.Capacity > 0)
        {
            completed = final =>
            {
                var texts = new List<string>((previous?.ContextTexts.Count ?? 0) + inputTexts.Count + 1);
                texts.AddRange(previous?.ContextTexts ?? []);
                texts.AddRange(inputTexts);
                texts.Add(final.Output[^1] is { Content: [var part, ..] } ? part.Text : final.Output[^1].Arguments ?? string.Empty);
                store.Add(id, new StoredResponse(final, texts, contextMedia));
            };
        }

        var summarize = request.Reasoning?.Summary is { } summary && summary != "none";
        var shape = new ResponsesResponseShape(template, plan, summarize, completed);
        await writer.SendAsync(context, plan, shape, request.Stream ?? false);
    }

    /// <summary>The request's <c>text.format</c> as the response repeats it.</summary>
    private static ResponseTextFormat EchoFormat(JsonElement format)
    {
        string? Text(string name) =>
            format.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        return new ResponseTextFormat(Text("type")!)
        {
            Name = Text("name"),
            Description = Text("description"),
            Schema = format.TryGetProperty("schema", out var schema) ? schema : null,
            Strict = format.TryGetProperty("strict", out var strict) && strict.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? strict.GetBoolean()
                : null,
        };
    }

    public Task GetAsync(HttpContext context)
    {
        var id = RouteId(context);
        var stored = Find(id, "Response with id '{0}' not found.", null, null);
        return JsonResponse.WriteAsync(context, stored.Response, ProtocolJsonContext.Default.ResponseObject);
    }

    public Task DeleteAsync(HttpContext context)
    {
        var id = RouteId(context);
        if (!store.Remove(id))
        {
            throw NotFound("Response with id '{0}' not found.", id, null, null);
        }

        return JsonResponse.WriteAsync(context, new ResponseDeletion(id), ProtocolJsonContext.Default.ResponseDeletion);
    }

    private static string RouteId(HttpContext context) =>
        context.Request.RouteValues["id"] is string raw ? Uri.UnescapeDataString(raw) : string.Empty;

    private StoredResponse Find(string id, string message, string? param, string? code) =>
        store.TryGet(id, out var stored) ? stored : throw NotFound(message, id, param, code);

    private static ApiException NotFound(string message, string id, string? param, string? code) =>
        new(StatusCodes.Status404NotFound, string.Format(CultureInfo.InvariantCulture, message, Shorten(id)), ApiException.InvalidRequest, param, code);

    // An id is echoed in the error, so a huge one must not make a huge error body.
    private static string Shorten(string id) => id.Length <= 256 ? id : id[..256] + "…";

    /// <summary>
    /// Validates <paramref name="input"/> and appends the text of each of its items (a string input is one user message)
    /// to <paramref name="texts"/>; returns the tokens of its images and audio, counted as chat counts them.
    /// </summary>
    private static int CollectInput(ResponseInput? input, List<string> texts)
    {
        if (input is null)
        {
            return 0;
        }

        if (input.Text is { } text)
        {
            texts.Add(text);
            return 0;
        }

        var media = 0;
        var items = input.Items!;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            switch (item.Type)
            {
                case null or "message":
                    if (string.IsNullOrEmpty(item.Role))
                    {
                        throw ApiException.BadRequest($"Missing required parameter: '{Param(i, "role")}'.", Param(i, "role"), "missing_required_parameter");
                    }

                    if (Array.IndexOf(Roles, item.Role) < 0)
                    {
                        throw ApiException.BadRequest(
                            $"Invalid value: '{Shorten(item.Role)}'. Supported values are: 'user', 'assistant', 'system', and 'developer'.", Param(i, "role"), "invalid_value");
                    }

                    var content = item.Content
                        ?? throw ApiException.BadRequest($"Missing required parameter: '{Param(i, "content")}'.", Param(i, "content"), "missing_required_parameter");
                    texts.Add(content.GetText());
                    foreach (var part in content.Parts ?? [])
                    {
                        media += MediaTokens.Count(part);
                    }

                    break;
                case "function_call_output":
                    texts.Add(item.Output ?? string.Empty);
                    break;
                case "function_call":
                    texts.Add(item.Arguments ?? string.Empty);
                    break;
            }
        }

        return media;
    }

    private static string Param(int index, string field) => string.Create(CultureInfo.InvariantCulture, $"input[{index}].{field}");
}
