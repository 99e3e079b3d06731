-- Mixed traffic for bench/soak.sh: every page in both languages, every view of the statistics
-- table (6 sort keys x 2 directions x 3 types x 9 regions) as a page, CSV and JSON in both
-- languages, the other downloads, the stylesheet, two link previews and four addresses that
-- do not exist, each plain, brotli and gzip: 5,919 requests, which each thread walks in turn.
--
-- At the end it prints one line, `soak: requests=... 2xx=... 404=... other=... sent_404=...`,
-- for the script to read. DELAY_MS (environment) waits that long before each request.

local threads = {}
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0") or 0

function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end

local function paths()
    local list = {}
    local function add(path, status) table.insert(list, { path, status }) end
    for _, lang in ipairs({ "", "/ja" }) do
        for _, page in ipairs({ "/role", "/duties", "/employers", "/applying", "/statistics",
                                "/trends", "/sources" }) do
            add(lang .. page, 200)
        end
        add(lang == "" and "/" or "/ja/", 200)
        for _, file in ipairs({ "/trends.csv", "/trends.json", "/datapackage.json" }) do
            add(lang .. file, 200)
        end
        for _, sort in ipairs({ "order", "name", "type", "region", "cirs", "share" }) do
            for _, dir in ipairs({ "asc", "desc" }) do
                for _, kind in ipairs({ "", "prefecture", "city" }) do
                    for _, region in ipairs({ "", "hokkaido", "tohoku", "kanto", "chubu",
                                              "kansai", "chugoku", "shikoku", "kyushu" }) do
                        local query = "?sort=" .. sort .. "&dir=" .. dir
                        if kind ~= "" then query = query .. "&type=" .. kind end
                        if region ~= "" then query = query .. "&region=" .. region end
                        for _, what in ipairs({ "/statistics", "/statistics.csv",
                                                "/statistics.json" }) do
                            add(lang .. what .. query, 200)
                        end
                    end
                end
            end
        end
        add(lang .. "/nope", 404)
    end
    add("/static/css/site.css", 200)
    add("/previews/home.png", 200)
    add("/previews/statistics.png", 200)
    add("/static/nope.css", 404)
    add("/statistics/nope", 404)
    return list
end

function init(args)
    requests = {}
    expected = {}
    for _, entry in ipairs(paths()) do
        for _, encoding in ipairs({ "", "br", "gzip" }) do
            local headers = {}
            if encoding ~= "" then headers["Accept-Encoding"] = encoding end
            table.insert(requests, wrk.format("GET", entry[1], headers))
            table.insert(expected, entry[2])
        end
    end
    -- Each thread walks the whole list, from its own place in it.
    at = (id * 7919) % #requests
    ok, notfound, other, sent_404 = 0, 0, 0, 0
end

function request()
    at = (at + 1) % #requests
    if expected[at + 1] == 404 then sent_404 = sent_404 + 1 end
    return requests[at + 1]
end

if delay_ms > 0 then
    function delay() return delay_ms end
end

function response(status, headers, body)
    if status >= 200 and status < 300 then
        ok = ok + 1
    elseif status == 404 then
        notfound = notfound + 1
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local totals = { ok = 0, notfound = 0, other = 0, sent_404 = 0 }
    for _, thread in ipairs(threads) do
        for key, _ in pairs(totals) do
            totals[key] = totals[key] + (thread:get(key) or 0)
        end
    end
    local e = summary.errors
    io.write(string.format(
        "soak: requests=%d 2xx=%d 404=%d other=%d sent_404=%d connect_errors=%d " ..
        "read_errors=%d write_errors=%d timeouts=%d\n",
        summary.requests, totals.ok, totals.notfound, totals.other, totals.sent_404,
        e.connect, e.read, e.write, e.timeout))
end
