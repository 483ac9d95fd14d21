/* Check-in by camera (templates/events/admin/check_in.html): reads the QR code of a personal
   registration link with the browser's BarcodeDetector, or else the vendored jsQR
   (static/vendor/jsqr/), and posts the link to the event's scan endpoint, which checks the
   person in (or says why not). The scanner is shown only where a camera is there to use;
   searching by name works without it. */
(function () {
    "use strict";

    var section = document.getElementById("checkin-scan");
    var media = navigator.mediaDevices;
    if (!section || !media || !media.getUserMedia || !media.enumerateDevices) {
        return;
    }

    var startButton = section.querySelector("[data-scan-start]");
    var stopButton = section.querySelector("[data-scan-stop]");
    var video = section.querySelector("video");
    var result = section.querySelector("[data-scan-result]");
    var form = section.querySelector("[data-scan-form]");
    var counter = document.querySelector("[data-checkin-counter]");
    var canvas = document.createElement("canvas");
    var stream = null;
    var decode = null;
    var busy = false;
    var lastText = "";
    var lastAt = 0;

    function say(text, refused) {
        result.textContent = text;
        result.classList.toggle("checkin-scan__result--refused", Boolean(refused));
    }

    function loadJsQR() {
        if (window.jsQR) {
            return Promise.resolve(window.jsQR);
        }
        return new Promise(function (resolve, reject) {
            var script = document.createElement("script");
            script.src = section.dataset.jsqrSrc;
            script.onload = function () { resolve(window.jsQR); };
            script.onerror = reject;
            document.head.appendChild(script);
        });
    }

    function makeDecoder() {
        if ("BarcodeDetector" in window) {
            return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
                if (formats.indexOf("qr_code") === -1) {
                    throw new Error("no qr_code");
                }
                var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
                return function () {
                    return detector.detect(video).then(function (codes) {
                        return codes.length ? codes[0].rawValue : "";
                    });
                };
            }).catch(function () { return jsQRDecoder(); });
        }
        return jsQRDecoder();
    }

    function jsQRDecoder() {
        return loadJsQR().then(function (jsQR) {
            var context = canvas.getContext("2d", { willReadFrequently: true });
            return function () {
                var width = video.videoWidth;
                var height = video.videoHeight;
                if (!width || !height) {
                    return Promise.resolve("");
                }
                canvas.width = width;
                canvas.height = height;
                context.drawImage(video, 0, 0, width, height);
                var found = jsQR(context.getImageData(0, 0, width, height).data, width, height, {
                    inversionAttempts: "dontInvert"
                });
                return Promise.resolve(found ? found.data : "");
            };
        });
    }

    function send(text) {
        busy = true;
        var data = new FormData(form);
        data.set("url", text);
        fetch(form.action, {
            method: "POST",
            body: data,
            headers: { Accept: "application/json" },
            credentials: "same-origin"
        }).then(function (response) {
            return response.json();
        }).then(function (answer) {
            say(answer.message, !answer.ok);
            if (answer.counter && counter) {
                counter.textContent = answer.counter;
            }
        }).catch(function () {
            say(section.dataset.failed || "?", true);
        }).then(function () {
            busy = false;
        });
    }

    function tick() {
        if (!stream) {
            return;
        }
        if (busy || video.readyState < 2) {
            window.setTimeout(tick, 250);
            return;
        }
        decode().then(function (text) {
            var now = Date.now();
            // The same code held in front of the camera is sent once (again after 5 seconds).
            if (text && (text !== lastText || now - lastAt > 5000)) {
                lastText = text;
                lastAt = now;
                send(text);
            }
        }).catch(function () {}).then(function () {
            window.setTimeout(tick, 250);
        });
    }

    function start() {
        startButton.disabled = true;
        Promise.all([
            media.getUserMedia({ video: { facingMode: "environment" }, audio: false }),
            decode ? Promise.resolve(decode) : makeDecoder()
        ]).then(function (found) {
            stream = found[0];
            decode = found[1];
            video.srcObject = stream;
            video.hidden = false;
            startButton.hidden = true;
            stopButton.hidden = false;
            say(section.dataset.scanning, false);
            return video.play();
        }).then(tick).catch(function (error) {
            window.console.warn("Check-in scanner:", error);
            stop();
            say(section.dataset.cameraRefused, true);
        });
    }

    function stop() {
        if (stream) {
            stream.getTracks().forEach(function (track) { track.stop(); });
        }
        stream = null;
        video.srcObject = null;
        video.hidden = true;
        stopButton.hidden = true;
        startButton.hidden = false;
        startButton.disabled = false;
    }

    media.enumerateDevices().then(function (devices) {
        var camera = devices.some(function (device) { return device.kind === "videoinput"; });
        if (!camera) {
            return;
        }
        section.hidden = false;
        startButton.addEventListener("click", start);
        stopButton.addEventListener("click", function () {
            stop();
            say("", false);
            startButton.focus();
        });
        window.addEventListener("pagehide", stop);
    }).catch(function () {});
})();
