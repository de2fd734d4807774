using System.Globalization;

// The hello-world baseline the macro benchmark runs beside FakeAI: the same Kestrel setup (empty builder, routing,
// no logging) answering every POST with a fixed JSON body of a typical chat-completion size, so the difference to
// FakeAI is the cost of FakeAI's own work.
var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 18100;
var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
builder.Services.AddRoutingCore();
builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.ListenLocalhost(port);
});
var app = builder.Build();
var body = """{"id":"chatcmpl-0","object":"chat.completion","created":0,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hello world, this is a fixed answer of a few words."},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":12,"total_tokens":13}}"""u8.ToArray();
app.MapPost("/v1/chat/completions", async context =>
{
    context.Response.ContentType = "application/json";
    await context.Response.Body.WriteAsync(body);
});
await app.RunAsync();
