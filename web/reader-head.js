// Folio's reading settings, put on <html> before the first paint: the server
// inlines this file (without these comment lines) at the end of every page's
// <head>, allowed by its hash in the page's Content-Security-Policy. It reads
// what web/reader.js saved on the device and sets data-reader-NAME="value",
// which web/folio.css styles; unknown names and odd values are ignored. Embed
// pages keep their publisher's theme= and are left alone.
(function(){try{if(location.pathname.indexOf("/embed/")===0)return;var s=JSON.parse(localStorage.getItem("folio-reader")||"{}"),k,d=document.documentElement;for(k in s)if(/^(size|width|spacing|font|theme)$/.test(k)&&/^[a-z0-9]{1,8}$/.test(s[k]))d.setAttribute("data-reader-"+k,s[k])}catch(e){}})();
